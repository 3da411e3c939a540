/**
 * The GraphQL documents the sync sends to a Vendure Admin API (checked against Vendure 3.7's
 * schema). Mutations returning a result union ask for `... on ErrorResult { errorCode message }`
 * plus the extra fields of the error types they can return, so a refusal is read as data and
 * turned into a VendureRefusal (vendure-errors.ts), never mistaken for success.
 */

/**
 * The ErrorResult members a union can hold. GraphQL refuses a fragment on a type the union cannot
 * hold, so each mutation asks for the generic part plus the extra fields of its own error types.
 */
const ERROR_RESULT = `... on ErrorResult { errorCode message }`;
const ORDER_TRANSITION_ERROR = `... on OrderStateTransitionError { transitionError fromState toState }`;
const FULFILMENT_TRANSITION_ERROR = `... on FulfillmentStateTransitionError { transitionError fromState toState }`;
const PAYMENT_TRANSITION_ERROR = `... on PaymentStateTransitionError { transitionError fromState toState }`;
const INSUFFICIENT_STOCK_ERROR = `... on InsufficientStockError { quantityAvailable }`;

/** Everything the mapping and the flows read from an order. */
export function orderFields(withPriceOverride: boolean): string {
  return `
    __typename id code state active type orderPlacedAt createdAt updatedAt currencyCode
    customer { id firstName lastName emailAddress phoneNumber }
    shippingAddress { fullName streetLine1 streetLine2 city postalCode countryCode phoneNumber }
    lines {
      id quantity orderPlacedQuantity unitPrice unitPriceWithTax linePriceWithTax taxRate
      productVariant { id sku name }
      ${withPriceOverride ? 'customFields { unitPriceOverride }' : ''}
    }
    shippingLines { shippingMethod { id code name } priceWithTax }
    shipping shippingWithTax subTotal subTotalWithTax total totalWithTax
    taxSummary { description taxRate taxBase taxTotal }
    payments { id state method amount transactionId refunds { id state total } }
    fulfillments { id state method lines { orderLineId quantity } }
    customFields { externalId syncNote }`;
}

export const ops = (withPriceOverride: boolean) => {
  const ORDER = orderFields(withPriceOverride);
  const orderOr = (...errors: string[]) => `__typename ... on Order { ${ORDER} } ${ERROR_RESULT} ${errors.join(' ')}`;
  return {
    ordersPage: `
      query SyncOrders($options: OrderListOptions) {
        orders(options: $options) { totalItems items { ${ORDER} } }
      }`,
    orderById: `query SyncOrder($id: ID!) { order(id: $id) { ${ORDER} } }`,
    variantsBySku: `
      query SyncVariants($skus: [String!]!, $take: Int!) {
        productVariants(options: { filter: { sku: { in: $skus } }, take: $take }) {
          items { id sku name enabled currencyCode priceWithTax }
        }
      }`,
    customerByEmail: `
      query SyncCustomer($email: String!) {
        customers(options: { filter: { emailAddress: { eq: $email } }, take: 1 }) { items { id } }
      }`,
    createCustomer: `
      mutation SyncCreateCustomer($input: CreateCustomerInput!) {
        createCustomer(input: $input) { __typename ... on Customer { id } ${ERROR_RESULT} }
      }`,
    createDraftOrder: `mutation SyncCreateDraft { createDraftOrder { id code state currencyCode } }`,
    deleteDraftOrder: `mutation SyncDeleteDraft($orderId: ID!) { deleteDraftOrder(orderId: $orderId) { result message } }`,
    setDraftOrderCustomFields: `
      mutation SyncDraftFields($orderId: ID!, $input: UpdateOrderInput!) {
        setDraftOrderCustomFields(orderId: $orderId, input: $input) { id }
      }`,
    setOrderCustomFields: `
      mutation SyncOrderFields($input: UpdateOrderInput!) { setOrderCustomFields(input: $input) { id } }`,
    setCustomerForDraftOrder: `
      mutation SyncDraftCustomer($orderId: ID!, $customerId: ID, $input: CreateCustomerInput) {
        setCustomerForDraftOrder(orderId: $orderId, customerId: $customerId, input: $input) {
          __typename ... on Order { id } ${ERROR_RESULT}
        }
      }`,
    setOrderCustomer: `
      mutation SyncOrderCustomer($input: SetOrderCustomerInput!) { setOrderCustomer(input: $input) { id } }`,
    addItemToDraftOrder: `
      mutation SyncDraftAddItem($orderId: ID!, $input: AddItemToDraftOrderInput!) {
        addItemToDraftOrder(orderId: $orderId, input: $input) {
          __typename ... on Order { id } ${ERROR_RESULT} ${INSUFFICIENT_STOCK_ERROR}
        }
      }`,
    setDraftOrderShippingAddress: `
      mutation SyncDraftShipTo($orderId: ID!, $input: CreateAddressInput!) {
        setDraftOrderShippingAddress(orderId: $orderId, input: $input) { id }
      }`,
    setDraftOrderBillingAddress: `
      mutation SyncDraftBillTo($orderId: ID!, $input: CreateAddressInput!) {
        setDraftOrderBillingAddress(orderId: $orderId, input: $input) { id }
      }`,
    eligibleShippingMethods: `
      query SyncShippingMethods($orderId: ID!) {
        eligibleShippingMethodsForDraftOrder(orderId: $orderId) { id code name priceWithTax }
      }`,
    setDraftOrderShippingMethod: `
      mutation SyncDraftShipping($orderId: ID!, $shippingMethodId: ID!) {
        setDraftOrderShippingMethod(orderId: $orderId, shippingMethodId: $shippingMethodId) {
          __typename ... on Order { id } ${ERROR_RESULT}
        }
      }`,
    transitionOrder: `
      mutation SyncTransition($id: ID!, $state: String!) {
        transitionOrderToState(id: $id, state: $state) { ${orderOr(ORDER_TRANSITION_ERROR)} }
      }`,
    addManualPayment: `
      mutation SyncManualPayment($input: ManualPaymentInput!) {
        addManualPaymentToOrder(input: $input) { ${orderOr()} }
      }`,
    modifyOrder: `
      mutation SyncModify($input: ModifyOrderInput!) { modifyOrder(input: $input) { ${orderOr(INSUFFICIENT_STOCK_ERROR)} } }`,
    cancelOrder: `
      mutation SyncCancel($input: CancelOrderInput!) { cancelOrder(input: $input) { ${orderOr(ORDER_TRANSITION_ERROR)} } }`,
    settlePayment: `
      mutation SyncSettle($id: ID!) {
        settlePayment(id: $id) {
          __typename ... on Payment { id state } ${ERROR_RESULT} ${ORDER_TRANSITION_ERROR} ${PAYMENT_TRANSITION_ERROR}
          ... on SettlePaymentError { paymentErrorMessage }
        }
      }`,
    activeAdministrator: `query SyncWhoAmI { activeAdministrator { id } }`,
    // The latest state transitions of an order, newest first, with who made them.
    stateTransitions: `
      query SyncTransitions($id: ID!) {
        order(id: $id) {
          history(options: { filter: { type: { eq: "ORDER_STATE_TRANSITION" } }, sort: { id: DESC }, take: 20 }) {
            items { id createdAt data administrator { id } }
          }
        }
      }`,
    activeChannel: `query SyncChannel { activeChannel { id code defaultCurrencyCode pricesIncludeTax } }`,
    addFulfillment: `
      mutation SyncFulfil($input: FulfillOrderInput!) {
        addFulfillmentToOrder(input: $input) {
          __typename ... on Fulfillment { id state } ${ERROR_RESULT} ${FULFILMENT_TRANSITION_ERROR}
          ... on InsufficientStockOnHandError { stockOnHand productVariantName }
          ... on CreateFulfillmentError { fulfillmentHandlerError }
        }
      }`,
    transitionFulfillment: `
      mutation SyncFulfilmentTransition($id: ID!, $state: String!) {
        transitionFulfillmentToState(id: $id, state: $state) {
          __typename ... on Fulfillment { id state } ${ERROR_RESULT} ${FULFILMENT_TRANSITION_ERROR}
        }
      }`,
  };
};

export type VendureOperations = ReturnType<typeof ops>;
