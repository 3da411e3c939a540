import type { OrderContent, OrderStatus } from '../../orders/order.types.js';
import { VendureApiError, type VendureClient } from './vendure-client.js';
import { CUSTOM_FIELDS } from './vendure-custom-fields.js';
import { successOrRefuse, VendureRefusal, type ErrorResultLike } from './vendure-errors.js';
import { addressInput, customerInput, mapState } from './vendure-mapping.js';
import { isEmptyPlan, planModification, type ModificationPlan } from './vendure-modification.js';
import { ops, type VendureOperations } from './vendure-operations.js';
import { listChanges, type ChangeCursor } from './vendure-change-listing.js';
import type { VendureOrder } from './vendure-order.types.js';
import { planStatusChange, type StatusStep } from './vendure-status.js';

export type { ChangeCursor } from './vendure-change-listing.js';

export interface VendureOrdersOptions {
  /** The shop runs the plugin with `unitPriceOverride: true`: our unit prices are sent as overrides. */
  unitPriceOverride: boolean;
  /**
   * The payment method code our manual payments name (e.g. the shop's bank-transfer method). Refunds
   * of a price decrease go through that method's handler; without a handler that refunds, the shop's
   * staff settle the refund by hand (it stays Pending in the shop).
   */
  paymentMethodCode: string;
  /** The shipping method for orders created here; default: the one priced like our shipping cost, else the cheapest. */
  shippingMethodCode?: string;
  /** Default 'manual-fulfillment' (Vendure's own). */
  fulfillmentHandlerCode?: string;
  /** Orders per list request; default 100 (Vendure's Admin API allows up to 1000). */
  pageSize?: number;
  /** How far each poll reaches back before the cursor (see vendure-change-listing.ts); default 5000 ms. */
  overlapMs?: number;
}

export interface ChangedOrders {
  orders: VendureOrder[];
  cursor: ChangeCursor;
}

/** Orders the sync ignores: carts and drafts (see listChangedSince). */
const UNPLACED_STATES = ['Created', 'Draft', 'AddingItems'];
/** The states `Modifying` can be entered from in Vendure's default order process. */
const MODIFIABLE_STATES = ['PaymentAuthorized', 'PaymentSettled', 'PartiallyShipped', 'Shipped', 'PartiallyDelivered'];

type OrderResult = VendureOrder | ErrorResultLike;

/** The order flows of the sync against one Vendure shop (Admin API only). */
export class VendureOrders {
  private readonly op: VendureOperations;
  private channelCurrency: string | null = null;

  constructor(
    private readonly client: VendureClient,
    private readonly options: VendureOrdersOptions,
  ) {
    this.op = ops(options.unitPriceOverride);
  }

  // ---------------------------------------------------------------- reading

  /**
   * The placed orders changed since the cursor, oldest change first (paging and overlap:
   * vendure-change-listing.ts).
   *
   * Not listed: carts and drafts (Created, Draft, AddingItems, and anything not placed yet). A
   * customer's cart changes with every click and may never become an order; a draft is an
   * operator's order in the making. Both become orders (and are listed) when placed. Our own
   * orders are listed once past the draft stage (they have `externalId`) even before payment.
   */
  async listChangedSince(cursor: ChangeCursor | null): Promise<ChangedOrders> {
    const { items, cursor: next } = await listChanges<VendureOrder>(
      (after, skip, take) =>
        this.ordersPage(
          {
            ...(after ? { updatedAt: { after } } : {}),
            // Regular orders, and a marketplace's aggregate orders, not the per-seller split ones.
            type: { notEq: 'Seller' },
            // Inside _or, the fields of one object are OR-ed too (Vendure flattens them): _and groups.
            _or: [
              { orderPlacedAt: { isNull: false } },
              { _and: [{ [CUSTOM_FIELDS.externalId]: { isNull: false } }, { state: { notIn: UNPLACED_STATES } }] },
            ],
          },
          skip,
          take,
        ),
      cursor,
      { pageSize: this.options.pageSize ?? 100, overlapMs: this.options.overlapMs ?? 5_000 },
    );
    return { orders: items.filter((o) => mapState(o.state).kind !== 'not-placed'), cursor: next };
  }

  async getById(id: string): Promise<VendureOrder | null> {
    const data = await this.client.request<{ order: VendureOrder | null }>(this.op.orderById, { id });
    return data.order;
  }

  async getByCode(code: string): Promise<VendureOrder | null> {
    return (await this.ordersPage({ code: { eq: code } }, 0, 1))[0] ?? null;
  }

  /** Our order's copy in the shop, whatever its state (drafts included: a create that died half-way). */
  async getByExternalId(externalId: string): Promise<VendureOrder | null> {
    return (await this.ordersPage({ [CUSTOM_FIELDS.externalId]: { eq: externalId } }, 0, 1))[0] ?? null;
  }

  private async ordersPage(filter: Record<string, unknown>, skip: number, take: number): Promise<VendureOrder[]> {
    const data = await this.client.request<{ orders: { items: VendureOrder[] } }>(this.op.ordersPage, {
      options: { filter, sort: { updatedAt: 'ASC', id: 'ASC' }, skip, take },
    });
    return data.orders.items;
  }

  private async mustGet(id: string): Promise<VendureOrder> {
    const order = await this.getById(id);
    if (!order) throw new VendureRefusal('not-found', `The order ${id} is not in the shop (deleted there?).`, null, null, id);
    return order;
  }

  // ---------------------------------------------------------------- creating

  /**
   * Our order as a placed shop order, with `externalId` set to our id. Idempotent: an order with
   * this externalId already in the shop is taken up where it stands (a create whose answer was
   * lost) instead of making a second one: its status is brought forward, and any other difference
   * is left to the next comparison, which sends it as a change (updateOrder). A draft left by a
   * create that died half-way is deleted and made again. Refused before anything is written:
   * unknown SKUs, another currency.
   */
  async createOrder(externalId: string, content: OrderContent): Promise<{ order: VendureOrder; created: boolean }> {
    const existing = await this.getByExternalId(externalId);
    if (existing && !UNPLACED_STATES.includes(existing.state)) {
      return { order: await this.applyStatus(existing, content.status), created: false };
    }
    if (existing) await this.deleteDraft(existing.id);

    await this.assertCurrency(content.currency);
    const variantIds = await this.variantIdsBySku(content.lines.map((l) => l.sku));
    const customerId = await this.customerIdByEmail(content.customer.email);

    const draft = await this.client.request<{ createDraftOrder: { id: string } }>(this.op.createDraftOrder);
    const orderId = draft.createDraftOrder.id;
    let placed: VendureOrder;
    try {
      // First of all, so that a create dying from here on leaves a draft the next attempt finds.
      await this.shopCall(`setting the order's externalId and note`, () =>
        this.client.request(this.op.setDraftOrderCustomFields, {
          orderId,
          input: { id: orderId, customFields: { [CUSTOM_FIELDS.externalId]: externalId, [CUSTOM_FIELDS.note]: content.note } },
        }),
      );
      const customerResult = await this.shopCall('setting the customer', () =>
        this.client.request<{ setCustomerForDraftOrder: OrderResult }>(this.op.setCustomerForDraftOrder, {
          orderId,
          ...(customerId ? { customerId } : { input: customerInput(content) }),
        }),
      );
      successOrRefuse(`the customer ${content.customer.email}`, customerResult.setCustomerForDraftOrder);
      for (const line of content.lines) {
        const added = await this.shopCall(`adding ${line.quantity} x ${line.sku}`, () =>
          this.client.request<{ addItemToDraftOrder: OrderResult }>(this.op.addItemToDraftOrder, {
            orderId,
            input: {
              productVariantId: variantIds.get(line.sku),
              quantity: line.quantity,
              ...(this.options.unitPriceOverride ? { customFields: { [CUSTOM_FIELDS.unitPriceOverride]: line.unitPrice } } : {}),
            },
          }),
        );
        successOrRefuse(`adding ${line.quantity} x ${line.sku}`, added.addItemToDraftOrder);
      }
      const address = addressInput(content);
      await this.shopCall('setting the shipping address', () =>
        this.client.request(this.op.setDraftOrderShippingAddress, { orderId, input: address }),
      );
      await this.shopCall('setting the billing address', () =>
        this.client.request(this.op.setDraftOrderBillingAddress, { orderId, input: address }),
      );
      const shippingMethodId = await this.pickShippingMethod(orderId, content);
      const shipping = await this.client.request<{ setDraftOrderShippingMethod: OrderResult }>(
        this.op.setDraftOrderShippingMethod,
        { orderId, shippingMethodId },
      );
      successOrRefuse('the shipping method', shipping.setDraftOrderShippingMethod);
      placed = await this.transition(orderId, 'ArrangingPayment');
    } catch (err) {
      // Nothing half-written: the draft goes (it is not an order yet, and the retry makes a new one).
      await this.deleteDraft(orderId).catch(() => {});
      throw err;
    }
    try {
      return { order: await this.applyStatus(placed, content.status), created: true };
    } catch (err) {
      throw err instanceof VendureRefusal ? err.withOrderId(orderId) : err;
    }
  }

  private async deleteDraft(orderId: string): Promise<void> {
    await this.client.request(this.op.deleteDraftOrder, { orderId });
  }

  private async assertCurrency(currency: string): Promise<void> {
    if (!this.channelCurrency) {
      const data = await this.client.request<{ activeChannel: { defaultCurrencyCode: string } }>(this.op.activeChannel);
      this.channelCurrency = data.activeChannel.defaultCurrencyCode;
    }
    if (currency !== this.channelCurrency) {
      throw new VendureRefusal(
        'not-representable',
        `The shop sells in ${this.channelCurrency}; an order in ${currency} cannot be placed there.`,
      );
    }
  }

  /** The shop's variant of each SKU; every unknown SKU is named in one refusal. */
  private async variantIdsBySku(skus: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(skus)];
    const ids = new Map<string, string>();
    if (wanted.length === 0) return ids;
    const data = await this.client.request<{ productVariants: { items: { id: string; sku: string; enabled: boolean }[] } }>(
      this.op.variantsBySku,
      { skus: wanted, take: Math.min(1000, wanted.length * 5) },
    );
    // SKUs are not unique in Vendure: an enabled variant wins over a disabled one.
    for (const v of [...data.productVariants.items].sort((a, b) => Number(a.enabled) - Number(b.enabled))) ids.set(v.sku, v.id);
    const unknown = wanted.filter((sku) => !ids.has(sku));
    if (unknown.length > 0) {
      throw new VendureRefusal(
        'unknown-sku',
        `The shop's catalog has no product with SKU ${unknown.join(', ')}; lines must be products of the shop.`,
        'UNKNOWN_SKU',
      );
    }
    return ids;
  }

  private async customerIdByEmail(email: string): Promise<string | null> {
    const data = await this.client.request<{ customers: { items: { id: string }[] } }>(this.op.customerByEmail, { email });
    return data.customers.items[0]?.id ?? null;
  }

  /** Configured code, else the method priced like our shipping cost, else the cheapest. */
  private async pickShippingMethod(orderId: string, content: OrderContent): Promise<string> {
    const data = await this.client.request<{
      eligibleShippingMethodsForDraftOrder: { id: string; code: string; priceWithTax: number }[];
    }>(this.op.eligibleShippingMethods, { orderId });
    const methods = data.eligibleShippingMethodsForDraftOrder;
    const { shippingMethodCode } = this.options;
    const chosen = shippingMethodCode
      ? methods.find((m) => m.code === shippingMethodCode)
      : (methods.find((m) => m.priceWithTax === content.shippingCost) ??
        [...methods].sort((a, b) => a.priceWithTax - b.priceWithTax)[0]);
    if (!chosen) {
      const which = shippingMethodCode ? `the shipping method "${shippingMethodCode}"` : 'no shipping method';
      throw new VendureRefusal(
        'not-representable',
        `The shop offers ${shippingMethodCode ? `${which} not` : which} for this order (shipping to ${content.shippingAddress.countryCode}).`,
      );
    }
    return chosen.id;
  }

  // ---------------------------------------------------------------- changing

  /**
   * Brings a shop order to our content: note, customer, lines and address (the modification flow),
   * then status. A cancelled shop order only takes a note; anything else is refused (Cancelled is
   * final). The shop keeps owning what it computes: prices without the override, shipping, tax.
   */
  async updateOrder(id: string, desired: OrderContent): Promise<VendureOrder> {
    let order = await this.mustGet(id);
    if (order.state !== 'Cancelled' && desired.currency !== order.currencyCode) {
      throw new VendureRefusal('not-representable', `The shop order is in ${order.currencyCode}; its currency cannot become ${desired.currency}.`, null, null, id);
    }
    try {
      if ((order.customFields.syncNote ?? null) !== desired.note) {
        await this.client.request(this.op.setOrderCustomFields, {
          input: { id, customFields: { [CUSTOM_FIELDS.note]: desired.note } },
        });
      }
      if (order.state === 'Cancelled' || desired.status === 'cancelled') {
        return await this.applyStatus(await this.mustGet(id), desired.status);
      }
      if (order.customer?.emailAddress.toLowerCase() !== desired.customer.email.toLowerCase()) {
        await this.reassignCustomer(id, desired);
      }
      const plan = planModification(order, desired, await this.variantIdsForNewLines(order, desired), this.options.unitPriceOverride);
      order = await this.mustGet(id);
      if (!isEmptyPlan(plan)) order = await this.modify(order, plan);
      return await this.applyStatus(order, desired.status);
    } catch (err) {
      throw err instanceof VendureRefusal && !err.orderId ? err.withOrderId(id) : err;
    }
  }

  /** Only status: forward along pending -> paid -> shipped -> delivered, or cancelled. */
  async setStatus(id: string, status: OrderStatus): Promise<VendureOrder> {
    return this.applyStatus(await this.mustGet(id), status);
  }

  /** One transition of the shop's order process; its refusal (OrderStateTransitionError) is thrown. */
  async transition(id: string, state: string): Promise<VendureOrder> {
    const data = await this.client.request<{ transitionOrderToState: OrderResult | null }>(this.op.transitionOrder, { id, state });
    if (!data.transitionOrderToState) throw new VendureRefusal('not-found', `The order ${id} is not in the shop.`, null, null, id);
    return successOrRefuse(`to move the order to ${state}`, data.transitionOrderToState, id);
  }

  /**
   * The customer of a shop order is a shop account, owned by the shop: our name and phone do not
   * overwrite it. A different email is a different person: the order is given to the shop's
   * customer with that email (made if there is none).
   */
  private async reassignCustomer(orderId: string, desired: OrderContent): Promise<void> {
    let customerId = await this.customerIdByEmail(desired.customer.email);
    if (!customerId) {
      const created = await this.client.request<{ createCustomer: { id: string } | ErrorResultLike }>(this.op.createCustomer, {
        input: customerInput(desired),
      });
      customerId = successOrRefuse(`the customer ${desired.customer.email}`, created.createCustomer).id;
    }
    await this.client.request(this.op.setOrderCustomer, {
      input: { orderId, customerId, note: 'Customer changed in the Orders service' },
    });
  }

  private async variantIdsForNewLines(order: VendureOrder, desired: OrderContent): Promise<Map<string, string>> {
    const have = new Set(order.lines.map((l) => l.productVariant.sku));
    return this.variantIdsBySku(desired.lines.map((l) => l.sku).filter((sku) => !have.has(sku)));
  }

  /**
   * Vendure's modification flow: Modifying, a dry run to learn the price difference, the real
   * modifyOrder (with a refund when the price went down), then ArrangingAdditionalPayment and a
   * manual payment when it went up, and back to where the order was. A refused modification takes
   * the order back out of Modifying, unchanged.
   */
  private async modify(order: VendureOrder, plan: ModificationPlan): Promise<VendureOrder> {
    if (!MODIFIABLE_STATES.includes(order.state)) {
      throw new VendureRefusal(
        'modification-refused',
        `The shop can change only paid orders that are not delivered (this one is ${order.state}); its lines and address stay as they are.`,
        order.state,
        null,
        order.id,
      );
    }
    const original = order.state;
    await this.transition(order.id, 'Modifying');
    let modified: VendureOrder;
    try {
      const base = { orderId: order.id, ...plan, note: 'Changed in the Orders service' };
      const dryRun = await this.modifyOrder({ ...base, dryRun: true });
      const priceChange = dryRun.totalWithTax - order.totalWithTax;
      modified = await this.modifyOrder({
        ...base,
        dryRun: false,
        ...(priceChange < 0 ? { refunds: refundsFor(-priceChange, order) } : {}),
      });
    } catch (err) {
      await this.transition(order.id, original).catch(() => {});
      throw err;
    }
    if (modified.totalWithTax > order.totalWithTax) {
      await this.transition(order.id, 'ArrangingAdditionalPayment');
      await this.addManualPayment(order.id, order.customFields.externalId ?? order.code);
    }
    return this.returnTo(order.id, original);
  }

  private async modifyOrder(input: Record<string, unknown>): Promise<VendureOrder> {
    const data = await this.shopCall('the modification', () =>
      this.client.request<{ modifyOrder: OrderResult }>(this.op.modifyOrder, { input }),
    );
    return successOrRefuse('the modification', data.modifyOrder, String(input.orderId));
  }

  /** Back to the state before the modification; a Shipped order with new items is only PartiallyShipped. */
  private async returnTo(id: string, original: string): Promise<VendureOrder> {
    try {
      return await this.transition(id, original);
    } catch (err) {
      if (err instanceof VendureRefusal && (original === 'Shipped' || original === 'PartiallyDelivered')) {
        return this.transition(id, 'PartiallyShipped');
      }
      throw err;
    }
  }

  // ---------------------------------------------------------------- interrupted flows

  /**
   * The modification an order is in (state Modifying or ArrangingAdditionalPayment): the state it
   * left to enter Modifying and the administrator who made it go there (null when unknown).
   */
  async modificationInProgress(order: VendureOrder): Promise<{ stateBefore: string; administratorId: string | null } | null> {
    if (order.state !== 'Modifying' && order.state !== 'ArrangingAdditionalPayment') return null;
    const data = await this.client.request<{
      order: { history: { items: { data: { from?: string; to?: string }; administrator: { id: string } | null }[] } } | null;
    }>(this.op.stateTransitions, { id: order.id });
    // The order's latest transitions must be exactly that modification: (… -> Modifying) or
    // (… -> Modifying, Modifying -> ArrangingAdditionalPayment); an older, finished one says nothing.
    const [latest, before] = data.order?.history.items ?? [];
    const entry = order.state === 'Modifying' ? latest : latest?.data.from === 'Modifying' ? before : undefined;
    if (!entry || entry.data.to !== 'Modifying' || !entry.data.from) return null;
    return { stateBefore: entry.data.from, administratorId: entry.administrator?.id ?? null };
  }

  /** The shop administrator the sync is logged in as (null with an API key of no administrator). */
  async ownAdministratorId(): Promise<string | null> {
    const data = await this.client.request<{ activeAdministrator: { id: string } | null }>(this.op.activeAdministrator);
    return data.activeAdministrator?.id ?? null;
  }

  /**
   * Finishes a modification of ours that was cut off (vendure-adapter.ts decides it is ours): what
   * modify() would have done after the step it reached. Still Modifying: back to the state before
   * if nothing is owed, else through ArrangingAdditionalPayment; ArrangingAdditionalPayment: the
   * manual payment of the difference, then back to the state before.
   */
  async finishModification(order: VendureOrder, stateBefore: string): Promise<VendureOrder> {
    let current = order;
    if (current.state === 'Modifying') {
      try {
        return await this.returnTo(order.id, stateBefore);
      } catch (err) {
        if (!(err instanceof VendureRefusal)) throw err;
        // A price increase not paid yet: Vendure allows only ArrangingAdditionalPayment.
        current = await this.transition(order.id, 'ArrangingAdditionalPayment');
      }
    }
    await this.addManualPayment(order.id, current.customFields.externalId ?? current.code);
    return this.returnTo(order.id, stateBefore);
  }

  // ---------------------------------------------------------------- status

  private async applyStatus(order: VendureOrder, status: OrderStatus): Promise<VendureOrder> {
    let current = order;
    for (const step of planStatusChange(order.state, status)) current = await this.runStep(current, step);
    return current;
  }

  private async runStep(order: VendureOrder, step: StatusStep): Promise<VendureOrder> {
    switch (step) {
      case 'pay': {
        const paid = await this.addManualPayment(order.id, order.customFields.externalId ?? order.code);
        return paid.state === 'PaymentSettled' ? paid : this.transition(order.id, 'PaymentSettled');
      }
      case 'settle': {
        for (const payment of order.payments ?? []) {
          if (payment.state !== 'Authorized') continue;
          const data = await this.client.request<{ settlePayment: { id: string } | ErrorResultLike }>(this.op.settlePayment, {
            id: payment.id,
          });
          successOrRefuse(`to settle payment ${payment.id}`, data.settlePayment, order.id);
        }
        const settled = await this.mustGet(order.id);
        return settled.state === 'PaymentSettled' ? settled : this.transition(order.id, 'PaymentSettled');
      }
      case 'ship':
        return this.ship(order);
      case 'deliver': {
        for (const f of order.fulfillments ?? []) {
          if (f.state === 'Shipped') await this.transitionFulfillment(order.id, f.id, 'Delivered');
        }
        return this.mustGet(order.id);
      }
      case 'cancel':
        return this.cancel(order);
    }
  }

  private async addManualPayment(orderId: string, reference: string): Promise<VendureOrder> {
    const data = await this.client.request<{ addManualPaymentToOrder: OrderResult }>(this.op.addManualPayment, {
      input: {
        orderId,
        method: this.options.paymentMethodCode,
        transactionId: `orders-sync:${reference}`,
        metadata: { source: 'Orders service sync' },
      },
    });
    return successOrRefuse('the payment', data.addManualPaymentToOrder, orderId);
  }

  /** Fulfils what is not yet in a fulfilment, then marks every pending fulfilment Shipped. */
  private async ship(order: VendureOrder): Promise<VendureOrder> {
    const fulfilled = new Map<string, number>();
    for (const f of order.fulfillments ?? []) {
      if (f.state === 'Cancelled') continue;
      for (const l of f.lines) fulfilled.set(l.orderLineId, (fulfilled.get(l.orderLineId) ?? 0) + l.quantity);
    }
    const lines = order.lines
      .map((l) => ({ orderLineId: l.id, quantity: l.quantity - (fulfilled.get(l.id) ?? 0) }))
      .filter((l) => l.quantity > 0);
    if (lines.length > 0) {
      const data = await this.client.request<{ addFulfillmentToOrder: { id: string } | ErrorResultLike }>(this.op.addFulfillment, {
        input: {
          lines,
          handler: {
            code: this.options.fulfillmentHandlerCode ?? 'manual-fulfillment',
            arguments: [
              { name: 'method', value: 'Orders service' },
              { name: 'trackingCode', value: '' },
            ],
          },
        },
      });
      successOrRefuse('the fulfilment', data.addFulfillmentToOrder, order.id);
    }
    for (const f of (await this.mustGet(order.id)).fulfillments ?? []) {
      if (f.state === 'Pending') await this.transitionFulfillment(order.id, f.id, 'Shipped');
    }
    return this.mustGet(order.id);
  }

  private async transitionFulfillment(orderId: string, fulfillmentId: string, state: string): Promise<void> {
    const data = await this.client.request<{ transitionFulfillmentToState: { id: string } | ErrorResultLike }>(
      this.op.transitionFulfillment,
      { id: fulfillmentId, state },
    );
    successOrRefuse(`to mark the fulfilment ${state}`, data.transitionFulfillmentToState, orderId);
  }

  /**
   * Cancels every line (and the shipping). Money is not moved: a paid order's refund is the shop's
   * decision. An order not placed yet (ours, waiting for payment) is simply transitioned.
   */
  private async cancel(order: VendureOrder): Promise<VendureOrder> {
    if (order.active) return this.transition(order.id, 'Cancelled');
    const data = await this.client.request<{ cancelOrder: OrderResult }>(this.op.cancelOrder, {
      input: {
        orderId: order.id,
        lines: order.lines.filter((l) => l.quantity > 0).map((l) => ({ orderLineId: l.id, quantity: l.quantity })),
        cancelShipping: true,
        reason: 'Cancelled in the Orders service',
      },
    });
    const cancelled = successOrRefuse('the cancellation', data.cancelOrder, order.id);
    return cancelled.state === 'Cancelled' ? cancelled : this.transition(order.id, 'Cancelled');
  }

  /**
   * Runs a call whose GraphQL error (not ErrorResult) is about this order's data, e.g. a country the
   * shop does not know: a refusal for this order instead of an error of the whole remote.
   */
  private async shopCall<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof VendureApiError && err.permanent && !['FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED'].includes(err.code)) {
        throw new VendureRefusal(
          'not-representable',
          `The shop refused ${action}: ${err.errors.map((e) => e.message).join('; ')}`,
          err.code,
          err.errors[0]?.message ?? null,
        );
      }
      throw err;
    }
  }
}

/** The refunds of a price decrease, newest settled payment first, each up to what it has left. */
function refundsFor(amount: number, order: VendureOrder): { paymentId: string; amount: number; reason: string }[] {
  const refunds: { paymentId: string; amount: number; reason: string }[] = [];
  let left = amount;
  for (const payment of [...(order.payments ?? [])].reverse()) {
    if (left <= 0) break;
    if (payment.state !== 'Settled') continue;
    const refunded = payment.refunds.filter((r) => r.state !== 'Failed').reduce((sum, r) => sum + r.total, 0);
    const part = Math.min(left, payment.amount - refunded);
    if (part <= 0) continue;
    refunds.push({ paymentId: payment.id, amount: part, reason: 'Order changed in the Orders service' });
    left -= part;
  }
  if (left > 0) {
    throw new VendureRefusal(
      'modification-refused',
      `The change lowers the price by ${amount} but the order's payments have only ${amount - left} left to refund.`,
      null,
      null,
      order.id,
    );
  }
  return refunds;
}
