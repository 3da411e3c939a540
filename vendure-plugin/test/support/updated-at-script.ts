import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { VendureClient } from '../../../server/src/integration/vendure/vendure-client.js';
import { PAYMENT_METHOD_CODE } from './catalog.js';
import { placeShopOrder } from './shop-customer.js';
import { SUPERADMIN, type TestShop } from './vendure-server.js';

/**
 * What moves `Order.updatedAt`, in stock Vendure 3.7 and with the plugin. The sync lists changes
 * by updatedAt, so a change that does not move it is a change the sync never sees. The stock shop
 * and the shop with the plugin (one Vendure per test file: Vendure keeps its configuration in a
 * process-wide singleton) run this same script; each step records whether updatedAt moved.
 */

const ORDER_STAMP = `query($id: ID!) { order(id: $id) { updatedAt state lines { id quantity } payments { id } fulfillments { id state } } }`;

interface Stamp {
  updatedAt: string;
  state: string;
  lines: { id: string; quantity: number }[];
  payments: { id: string }[];
  fulfillments: { id: string; state: string }[];
}

type Step = [name: string, run: (orderId: string) => Promise<unknown>];

export async function runUpdatedAtScript(shop: TestShop): Promise<Map<string, boolean>> {
  const client = new VendureClient({ adminApiUrl: shop.adminApiUrl, credentials: SUPERADMIN });
  const q = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    client.request<T>(query, variables);
  const stampOf = async (id: string) => (await q<{ order: Stamp }>(ORDER_STAMP, { id })).order;
  const expectOk = (result: Record<string, unknown>) => {
    const value = Object.values(result)[0] as { errorCode?: string; message?: string } | null;
    if (value && value.errorCode) throw new Error(`${value.errorCode}: ${value.message}`);
    return value;
  };
  const ok = async (query: string, variables: Record<string, unknown>) => expectOk(await q(query, variables));
  const transition = (id: string, state: string) =>
    ok(`mutation($id: ID!, $s: String!) { transitionOrderToState(id: $id, state: $s) { ...on Order { id } ...on ErrorResult { errorCode message } } }`, { id, s: state });
  const modify = (input: Record<string, unknown>) =>
    ok(`mutation($input: ModifyOrderInput!) { modifyOrder(input: $input) { ...on Order { id } ...on ErrorResult { errorCode message } } }`, { input });
  const pay = (orderId: string) =>
    ok(`mutation($input: ManualPaymentInput!) { addManualPaymentToOrder(input: $input) { ...on Order { id } ...on ErrorResult { errorCode message } } }`, {
      input: { orderId, method: PAYMENT_METHOD_CODE, transactionId: 'tx', metadata: {} },
    });
  const mugId = shop.variantIds.get('MUG-BLUE')!;

  const created = await q<{ createDraftOrder: { id: string } }>(`mutation { createDraftOrder { id } }`);
  const orderId = created.createDraftOrder.id;
  const steps: Step[] = [
    ['draft: add item', (id) =>
      ok(`mutation($id: ID!, $v: ID!) { addItemToDraftOrder(orderId: $id, input: { productVariantId: $v, quantity: 2 }) { ...on Order { id } ...on ErrorResult { errorCode message } } }`, { id, v: mugId })],
    ['draft: set customer', (id) =>
      ok(`mutation($id: ID!) { setCustomerForDraftOrder(orderId: $id, input: { firstName: "Ada", lastName: "Lovelace", emailAddress: "ada@example.com" }) { ...on Order { id } ...on ErrorResult { errorCode message } } }`, { id })],
    ['draft: set shipping address', (id) =>
      q(`mutation($id: ID!) { setDraftOrderShippingAddress(orderId: $id, input: { streetLine1: "Main St 1", city: "Berlin", postalCode: "10115", countryCode: "DE" }) { id } }`, { id })],
    ['draft: set shipping method', async (id) => {
      const { eligibleShippingMethodsForDraftOrder: methods } = await q<{ eligibleShippingMethodsForDraftOrder: { id: string }[] }>(
        `query($id: ID!) { eligibleShippingMethodsForDraftOrder(orderId: $id) { id } }`, { id });
      return ok(`mutation($id: ID!, $m: ID!) { setDraftOrderShippingMethod(orderId: $id, shippingMethodId: $m) { ...on Order { id } ...on ErrorResult { errorCode message } } }`, { id, m: methods[0]!.id });
    }],
    ['transition Draft -> ArrangingPayment', (id) => transition(id, 'ArrangingPayment')],
    ['manual payment (-> PaymentSettled)', (id) => pay(id)],
    ['history note (addNoteToOrder)', (id) =>
      q(`mutation($id: ID!) { addNoteToOrder(input: { id: $id, note: "hello", isPublic: false }) { id } }`, { id })],
    ['transition -> Modifying', (id) => transition(id, 'Modifying')],
    ['modifyOrder dryRun', async (id) => {
      const { lines } = await stampOf(id);
      return modify({ dryRun: true, orderId: id, adjustOrderLines: [{ orderLineId: lines[0]!.id, quantity: 3 }] });
    }],
    ['modifyOrder: quantity up', async (id) => {
      const { lines } = await stampOf(id);
      return modify({ dryRun: false, orderId: id, adjustOrderLines: [{ orderLineId: lines[0]!.id, quantity: 3 }] });
    }],
    ['transition Modifying -> ArrangingAdditionalPayment', (id) => transition(id, 'ArrangingAdditionalPayment')],
    ['additional manual payment', (id) => pay(id)],
    ['transition ArrangingAdditionalPayment -> PaymentSettled', (id) => transition(id, 'PaymentSettled')],
    ['transition -> Modifying (2)', (id) => transition(id, 'Modifying')],
    ['modifyOrder: address only', (id) => modify({ dryRun: false, orderId: id, updateShippingAddress: { city: 'Hamburg', postalCode: '20095' } })],
    ['modifyOrder: quantity down with refund', async (id) => {
      const { lines, payments } = await stampOf(id);
      return modify({ dryRun: false, orderId: id, adjustOrderLines: [{ orderLineId: lines[0]!.id, quantity: 1 }], refunds: [{ paymentId: payments[0]!.id, amount: 2580 }] });
    }],
    ['transition Modifying -> PaymentSettled', (id) => transition(id, 'PaymentSettled')],
    ['addFulfillmentToOrder', async (id) => {
      const { lines } = await stampOf(id);
      return ok(`mutation($input: FulfillOrderInput!) { addFulfillmentToOrder(input: $input) { ...on Fulfillment { id } ...on ErrorResult { errorCode message } } }`, {
        input: { lines: lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })), handler: { code: 'manual-fulfillment', arguments: [{ name: 'method', value: 'test' }] } },
      });
    }],
    ['fulfilment -> Shipped (order -> Shipped)', async (id) => {
      const { fulfillments } = await stampOf(id);
      return ok(`mutation($id: ID!) { transitionFulfillmentToState(id: $id, state: "Shipped") { ...on Fulfillment { id } ...on ErrorResult { errorCode message } } }`, { id: fulfillments[0]!.id });
    }],
    ['fulfilment -> Delivered (order -> Delivered)', async (id) => {
      const { fulfillments } = await stampOf(id);
      return ok(`mutation($id: ID!) { transitionFulfillmentToState(id: $id, state: "Delivered") { ...on Fulfillment { id } ...on ErrorResult { errorCode message } } }`, { id: fulfillments[0]!.id });
    }],
    ['cancelOrder (all lines)', async (id) => {
      const { lines } = await stampOf(id);
      return ok(`mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { ...on Order { id } ...on ErrorResult { errorCode message } } }`, {
        input: { orderId: id, lines: lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })), cancelShipping: true },
      });
    }],
  ];
  const moved = new Map<string, boolean>();
  for (const [name, run] of steps) {
    const before = await stampOf(orderId);
    await sleep(5); // updatedAt has ms precision: a move must be visible
    await run(orderId);
    await sleep(30); // stamps that follow a commit (event subscribers) land shortly after
    const after = await stampOf(orderId);
    moved.set(name, after.updatedAt !== before.updatedAt);
  }
  expect((await stampOf(orderId)).state).toBe('Cancelled');

  // A customer's checkout in the Shop API, from the cart to a settled payment.
  const shopOrder = await placeShopOrder(shop, [{ sku: 'TEE-M', quantity: 1 }]);
  const beforeShop = await stampOf(shopOrder.id);
  await sleep(5);
  await client.request(`mutation($id: ID!) { setOrderCustomer(input: { orderId: $id, customerId: 1 }) { id } }`, { id: shopOrder.id });
  await sleep(30);
  moved.set('setOrderCustomer', (await stampOf(shopOrder.id)).updatedAt !== beforeShop.updatedAt);
  return moved;
}

export function updatedAtTable(title: string, moved: Map<string, boolean>): string {
  return [title, ...[...moved].map(([step, m]) => `  ${m ? 'moves  ' : 'STAYS  '} ${step}`)].join('\n');
}

