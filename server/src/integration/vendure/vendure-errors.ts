/**
 * What the shop refused, in words for an operator. Each refusal keeps the shop's own code and
 * message (an ErrorResult's `errorCode`/`message`, or a GraphQL error's `extensions.code`) next to
 * a plain-words `reason`, so the admin can show both and nothing is lost in translation.
 *
 * Transport problems (shop down, timeouts, 5xx, bad credentials) are not refusals: they are the
 * engine's TransportError (retry later), raised by vendure-client.ts.
 */
export type VendureRefusalKind =
  /** A SKU of ours that is no variant of the shop's catalog. */
  | 'unknown-sku'
  /** Not enough stock, a quantity limit, or a variant that cannot be sold. */
  | 'not-sellable'
  /** A state change the shop's order process does not allow from where the order is. */
  | 'forbidden-transition'
  /** Any change to, or out of, a cancelled order: Cancelled is final in Vendure. */
  | 'cancelled-is-final'
  /** A change the modification flow (`modifyOrder`) refused. */
  | 'modification-refused'
  /** A payment, refund or fulfilment the shop refused. */
  | 'payment-or-fulfilment-refused'
  /** Our order cannot be expressed in the shop at all (currency, country, no shipping method). */
  | 'not-representable'
  /** The order is not (or no longer) in the shop. */
  | 'not-found'
  /** The shop answered something the sync does not understand (e.g. the plugin is not installed). */
  | 'shop-misconfigured';

export class VendureRefusal extends Error {
  constructor(
    readonly kind: VendureRefusalKind,
    /** What an operator needs to know, in plain words. */
    readonly reason: string,
    /** The shop's own error code (ErrorResult `errorCode` or GraphQL `extensions.code`), if any. */
    readonly shopCode: string | null = null,
    /** The shop's own message, verbatim, if any. */
    readonly shopMessage: string | null = null,
    /** The shop order this is about, when one exists (e.g. created but not yet paid). */
    readonly orderId: string | null = null,
  ) {
    super(shopMessage && shopMessage !== reason ? `${reason} (shop: ${shopMessage})` : reason);
    this.name = 'VendureRefusal';
  }

  withOrderId(orderId: string): VendureRefusal {
    return new VendureRefusal(this.kind, this.reason, this.shopCode, this.shopMessage, orderId);
  }
}

/** The shape every Vendure ErrorResult type shares (`interface ErrorResult`), plus its extra fields. */
export interface ErrorResultLike {
  __typename: string;
  errorCode: string;
  message: string;
  [extra: string]: unknown;
}

/** Recognises an ErrorResult member of a result union (they all carry `errorCode` and `message`). */
export function isErrorResult(value: unknown): value is ErrorResultLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { errorCode?: unknown }).errorCode === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

const KIND_BY_ERROR_CODE: Record<string, VendureRefusalKind> = {
  ORDER_STATE_TRANSITION_ERROR: 'forbidden-transition',
  FULFILLMENT_STATE_TRANSITION_ERROR: 'payment-or-fulfilment-refused',
  PAYMENT_STATE_TRANSITION_ERROR: 'payment-or-fulfilment-refused',
  REFUND_STATE_TRANSITION_ERROR: 'payment-or-fulfilment-refused',
  INSUFFICIENT_STOCK_ERROR: 'not-sellable',
  INSUFFICIENT_STOCK_ON_HAND_ERROR: 'not-sellable',
  NEGATIVE_QUANTITY_ERROR: 'not-sellable',
  ORDER_LIMIT_ERROR: 'not-sellable',
  ORDER_INTERCEPTOR_ERROR: 'not-sellable',
  INELIGIBLE_SHIPPING_METHOD_ERROR: 'not-representable',
  NO_CHANGES_SPECIFIED_ERROR: 'modification-refused',
  ORDER_MODIFICATION_STATE_ERROR: 'modification-refused',
  PAYMENT_METHOD_MISSING_ERROR: 'modification-refused',
  REFUND_PAYMENT_ID_MISSING_ERROR: 'modification-refused',
  REFUND_AMOUNT_ERROR: 'payment-or-fulfilment-refused',
  MANUAL_PAYMENT_STATE_ERROR: 'payment-or-fulfilment-refused',
  SETTLE_PAYMENT_ERROR: 'payment-or-fulfilment-refused',
  ITEMS_ALREADY_FULFILLED_ERROR: 'payment-or-fulfilment-refused',
  CREATE_FULFILLMENT_ERROR: 'payment-or-fulfilment-refused',
  INVALID_FULFILLMENT_HANDLER_ERROR: 'shop-misconfigured',
  EMPTY_ORDER_LINE_SELECTION_ERROR: 'modification-refused',
  QUANTITY_TOO_GREAT_ERROR: 'modification-refused',
  CANCEL_ACTIVE_ORDER_ERROR: 'forbidden-transition',
  EMAIL_ADDRESS_CONFLICT_ERROR: 'not-representable',
};

/**
 * The ErrorResult as a refusal. `action` says what we were doing, in words ("adding 3 x MUG-BLUE");
 * the ErrorResult's extra fields that explain it (the transition's from/to, the stock left) are
 * put into the reason.
 */
export function refusalFromErrorResult(action: string, result: ErrorResultLike, orderId: string | null = null): VendureRefusal {
  const kind = KIND_BY_ERROR_CODE[result.errorCode] ?? 'modification-refused';
  const details: string[] = [];
  if (typeof result.transitionError === 'string' && result.transitionError) details.push(result.transitionError);
  if (typeof result.fromState === 'string' && typeof result.toState === 'string') {
    details.push(`from ${result.fromState} to ${result.toState}`);
  }
  if (typeof result.quantityAvailable === 'number') details.push(`only ${result.quantityAvailable} available`);
  if (typeof result.stockOnHand === 'number') details.push(`${result.stockOnHand} on hand`);
  if (typeof result.paymentErrorMessage === 'string' && result.paymentErrorMessage) details.push(result.paymentErrorMessage);
  if (typeof result.fulfillmentHandlerError === 'string' && result.fulfillmentHandlerError) {
    details.push(result.fulfillmentHandlerError);
  }
  const explanation = details.length > 0 ? details.join('; ') : result.message;
  return new VendureRefusal(kind, `The shop refused ${action}: ${explanation}`, result.errorCode, result.message, orderId);
}

/** Throws the refusal when `value` is an ErrorResult, else returns it typed as the success member. */
export function successOrRefuse<T>(action: string, value: T | ErrorResultLike, orderId: string | null = null): T {
  if (isErrorResult(value)) throw refusalFromErrorResult(action, value, orderId);
  return value;
}
