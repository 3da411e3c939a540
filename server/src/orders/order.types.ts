export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Customer {
  name: string;
  email: string;
  phone: string | null;
}

export interface ShippingAddress {
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  countryCode: string;
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  /** Minor units of the order's currency. */
  unitPrice: number;
}

/** What a client (or the peer) decides about an order; everything else is derived or server-set. */
export interface OrderContent {
  status: OrderStatus;
  customer: Customer;
  shippingAddress: ShippingAddress;
  currency: string;
  lines: OrderLine[];
  /** Minor units of the order's currency. */
  shippingCost: number;
  note: string | null;
}

export interface Order extends OrderContent {
  id: string;
  code: string;
  subtotal: number;
  total: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  deleted: boolean;
}

export const lineTotal = (line: OrderLine): number => line.quantity * line.unitPrice;

export function computeTotals(content: Pick<OrderContent, 'lines' | 'shippingCost'>): {
  subtotal: number;
  total: number;
} {
  const subtotal = content.lines.reduce((sum, line) => sum + lineTotal(line), 0);
  return { subtotal, total: subtotal + content.shippingCost };
}

/** The content of an order, without identity, totals or bookkeeping. */
export function contentOf(order: Order): OrderContent {
  const { status, customer, shippingAddress, currency, lines, shippingCost, note } = order;
  return { status, customer, shippingAddress, currency, lines, shippingCost, note };
}
