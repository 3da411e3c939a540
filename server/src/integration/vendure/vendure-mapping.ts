import type { OrderContent, OrderStatus } from '../../orders/order.types.js';
import { VendureRefusal } from './vendure-errors.js';
import type { VendureAddress, VendureOrder } from './vendure-order.types.js';

/**
 * Between a Vendure order and our OrderContent, both ways, without I/O. Who owns each field and
 * which way it flows is in docs/vendure-mapping.md; the short version:
 * - prices are TAX-INCLUSIVE on our side: `unitPrice` is the shop's `unitPriceWithTax` and
 *   `shippingCost` its `shippingWithTax`, so our total (lines + shipping) is what the customer
 *   pays, the shop's `totalWithTax`, when no promotion or surcharge applies;
 * - the shop computes tax and totals; we never send them;
 * - the note is the plugin's `Order.syncNote` custom field; our id is `Order.externalId`.
 */

/** Where a Vendure state stands for us. */
export type StateMapping =
  | { kind: 'status'; status: OrderStatus }
  /** A cart or draft: not an order yet, not synced. */
  | { kind: 'not-placed' }
  /** An operator is changing the order in the shop: read it again when that is done. */
  | { kind: 'in-progress' }
  /** A state of the shop's own (a custom order process) that the sync does not know. */
  | { kind: 'unmapped' };

const STATE_MAP: Record<string, StateMapping> = {
  Created: { kind: 'not-placed' },
  Draft: { kind: 'not-placed' },
  AddingItems: { kind: 'not-placed' },
  // Only our own orders reach here unplaced (made through the draft flow, not yet paid); a shop
  // customer's cart in ArrangingPayment is not placed and is filtered out before mapping.
  ArrangingPayment: { kind: 'status', status: 'pending' },
  // Money reserved, not taken: our "paid" means taken.
  PaymentAuthorized: { kind: 'status', status: 'pending' },
  PaymentSettled: { kind: 'status', status: 'paid' },
  // Our "shipped" means everything is on its way.
  PartiallyShipped: { kind: 'status', status: 'paid' },
  Shipped: { kind: 'status', status: 'shipped' },
  // Our "delivered" means everything arrived.
  PartiallyDelivered: { kind: 'status', status: 'shipped' },
  Delivered: { kind: 'status', status: 'delivered' },
  Modifying: { kind: 'in-progress' },
  // A modification raised the price and the difference is not paid yet.
  ArrangingAdditionalPayment: { kind: 'status', status: 'pending' },
  Cancelled: { kind: 'status', status: 'cancelled' },
};

export const mapState = (state: string): StateMapping => STATE_MAP[state] ?? { kind: 'unmapped' };

/** The status our order gets from this Vendure state; refuses the states that have none. */
export function statusOfState(state: string): OrderStatus {
  const mapped = mapState(state);
  if (mapped.kind === 'status') return mapped.status;
  const why =
    mapped.kind === 'not-placed'
      ? 'is not placed yet (a cart or draft)'
      : mapped.kind === 'in-progress'
        ? 'is being modified in the shop right now'
        : 'is in a state of the shop that the sync does not know';
  return refuseState(state, why);
}

function refuseState(state: string, why: string): never {
  throw new VendureRefusal('not-representable', `The shop order ${why} (state ${state}).`, state);
}

const text = (value: string | null | undefined): string => (value ?? '').trim();
const optionalText = (value: string | null | undefined): string | null => text(value) || null;

const NO_ADDRESS: VendureAddress = {
  fullName: null,
  streetLine1: null,
  streetLine2: null,
  city: null,
  postalCode: null,
  countryCode: null,
  phoneNumber: null,
};

const customerNameOf = (order: VendureOrder): string =>
  order.customer ? text(`${order.customer.firstName} ${order.customer.lastName}`) : '';

export function customerOf(order: VendureOrder): OrderContent['customer'] {
  return {
    name: customerNameOf(order),
    email: text(order.customer?.emailAddress),
    phone: optionalText(order.customer?.phoneNumber) ?? optionalText(order.shippingAddress?.phoneNumber),
  };
}

export function shippingAddressOf(order: VendureOrder): OrderContent['shippingAddress'] {
  const address = order.shippingAddress ?? NO_ADDRESS;
  return {
    fullName: text(address.fullName) || customerNameOf(order),
    line1: text(address.streetLine1),
    line2: optionalText(address.streetLine2),
    city: text(address.city),
    postalCode: text(address.postalCode),
    countryCode: text(address.countryCode).toUpperCase(),
  };
}

/**
 * Our content of a Vendure order. Text the shop lacks comes through empty, so that our validation
 * names the missing field (e.g. "shippingAddress.postalCode is required").
 */
export function contentFromVendure(order: VendureOrder): OrderContent {
  const status = statusOfState(order.state);
  // Vendure's cancelOrder sets the quantities of cancelled lines (and, with cancelShipping, the
  // shipping) to 0; a cancelled order keeps its lines and shipping as placed, so that cancelling
  // does not also empty our copy.
  const cancelled = order.state === 'Cancelled';
  const lines = order.lines
    .map((line) => ({
      sku: line.productVariant.sku,
      name: line.productVariant.name,
      quantity: cancelled && line.quantity === 0 ? line.orderPlacedQuantity : line.quantity,
      unitPrice: line.unitPriceWithTax,
    }))
    .filter((line) => line.quantity > 0);
  return {
    status,
    customer: customerOf(order),
    shippingAddress: shippingAddressOf(order),
    currency: order.currencyCode,
    lines,
    shippingCost: cancelled ? order.shippingLines.reduce((sum, l) => sum + l.priceWithTax, 0) : order.shippingWithTax,
    note: order.customFields.syncNote ?? null,
  };
}

/** What the shop computed and we only show (never send): its totals and taxes. */
export interface ShopTotals {
  subTotalWithTax: number;
  shippingWithTax: number;
  totalWithTax: number;
  /** The tax contained in totalWithTax. */
  tax: number;
  currency: string;
}

export const shopTotals = (order: VendureOrder): ShopTotals => ({
  subTotalWithTax: order.subTotalWithTax,
  shippingWithTax: order.shippingWithTax,
  totalWithTax: order.totalWithTax,
  tax: order.totalWithTax - order.total,
  currency: order.currencyCode,
});

/** "Ada Lovelace" -> Ada / Lovelace; the last word is the last name (Vendure needs both fields). */
export function splitName(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { firstName: words[0] ?? '', lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1]! };
}

export interface VendureCustomerInput {
  firstName: string;
  lastName: string;
  emailAddress: string;
  phoneNumber?: string;
}

export function customerInput(content: Pick<OrderContent, 'customer'>): VendureCustomerInput {
  const { customer } = content;
  return { ...splitName(customer.name), emailAddress: customer.email, ...(customer.phone ? { phoneNumber: customer.phone } : {}) };
}

export interface VendureAddressInput {
  fullName: string;
  streetLine1: string;
  streetLine2: string;
  city: string;
  postalCode: string;
  countryCode: string;
  phoneNumber?: string;
}

export function addressInput(content: Pick<OrderContent, 'shippingAddress' | 'customer'>): VendureAddressInput {
  const a = content.shippingAddress;
  return {
    fullName: a.fullName,
    streetLine1: a.line1,
    // Vendure stores a missing second line as ''; we read '' back as null.
    streetLine2: a.line2 ?? '',
    city: a.city,
    postalCode: a.postalCode,
    countryCode: a.countryCode,
    ...(content.customer.phone ? { phoneNumber: content.customer.phone } : {}),
  };
}

/** True when the shop's address is ours, as far as the fields we map go. */
export function sameAddress(order: VendureOrder, content: Pick<OrderContent, 'shippingAddress'>): boolean {
  const ours = content.shippingAddress;
  const theirs = shippingAddressOf(order);
  return (
    theirs.fullName === ours.fullName &&
    theirs.line1 === ours.line1 &&
    theirs.line2 === (ours.line2 ?? null) &&
    theirs.city === ours.city &&
    theirs.postalCode === ours.postalCode &&
    theirs.countryCode === ours.countryCode.toUpperCase()
  );
}
