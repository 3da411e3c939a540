import { randomBytes } from 'node:crypto';
import { parse } from 'graphql';
import { PAYMENT_METHOD_CODE } from './catalog.js';
import type { TestShop } from './vendure-server.js';

const RESULT = '... on Order { id code state } ... on ErrorResult { errorCode message }';

export interface ShopCustomer {
  firstName: string;
  lastName: string;
  emailAddress: string;
}

/**
 * A customer's checkout through the Shop API, as a storefront does it: cart, customer, address,
 * shipping method, ArrangingPayment, and a payment with the instant method (settled at once).
 */
export async function placeShopOrder(
  shop: TestShop,
  lines: { sku: string; quantity: number }[],
  customer: ShopCustomer = {
    firstName: 'Grace',
    lastName: 'Hopper',
    emailAddress: `grace.${randomBytes(3).toString('hex')}@example.com`,
  },
): Promise<{ id: string; code: string; state: string }> {
  const client = shop.shopClient;
  await client.asAnonymousUser();
  const ok = async (document: string, variables: Record<string, unknown> = {}) => {
    const data = await client.query(parse(document), variables);
    const value = Object.values(data)[0] as { errorCode?: string; message?: string; id: string; code: string; state: string };
    if (value?.errorCode) throw new Error(`shop checkout refused: ${value.errorCode} ${value.message}`);
    return value;
  };
  for (const line of lines) {
    await ok(`mutation($v: ID!, $q: Int!) { addItemToOrder(productVariantId: $v, quantity: $q) { ${RESULT} } }`, {
      v: shop.variantIds.get(line.sku),
      q: line.quantity,
    });
  }
  await ok(`mutation($input: CreateCustomerInput!) { setCustomerForOrder(input: $input) { ${RESULT} } }`, { input: customer });
  await ok(`mutation($input: CreateAddressInput!) { setOrderShippingAddress(input: $input) { ${RESULT} } }`, {
    input: {
      fullName: `${customer.firstName} ${customer.lastName}`,
      streetLine1: 'Arcisstraße 21',
      city: 'München',
      postalCode: '80333',
      countryCode: 'DE',
    },
  });
  const { eligibleShippingMethods } = await client.query(parse(`query { eligibleShippingMethods { id priceWithTax } }`));
  if (!eligibleShippingMethods[0]) {
    const { activeOrder } = await client.query(parse(`query { activeOrder { id state lines { id } shippingAddress { countryCode } } }`));
    throw new Error(`no eligible shipping method for ${JSON.stringify(activeOrder)}`);
  }
  await ok(`mutation($ids: [ID!]!) { setOrderShippingMethod(shippingMethodId: $ids) { ${RESULT} } }`, {
    ids: [eligibleShippingMethods[0].id],
  });
  await ok(`mutation { transitionOrderToState(state: "ArrangingPayment") { ${RESULT} } }`);
  return ok(`mutation($input: PaymentInput!) { addPaymentToOrder(input: $input) { ${RESULT} } }`, {
    input: { method: PAYMENT_METHOD_CODE, metadata: {} },
  });
}
