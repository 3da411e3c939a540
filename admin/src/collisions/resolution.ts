import type { MergeField, Order, ResolutionSide } from '../dataProvider/model';

/** The fields a resolution chooses between (ResolutionFields in the schema), with their labels. */
export const FIELD_LABELS = {
  status: 'Status',
  customer: 'Customer',
  shippingAddress: 'Shipping address',
  currency: 'Currency',
  lines: 'Lines',
  shippingCost: 'Shipping cost',
  note: 'Note',
  deleted: 'Deleted',
} as const satisfies Record<MergeField, string>;

export const MERGE_FIELDS = Object.keys(FIELD_LABELS) as MergeField[];

export type Choice = Record<MergeField, ResolutionSide>;

/** The comparable content of one field (what the server merges), for "do they differ?". */
export function fieldValue(order: Order, field: MergeField): unknown {
  switch (field) {
    case 'customer':
      return { name: order.customer.name, email: order.customer.email, phone: order.customer.phone ?? null };
    case 'shippingAddress': {
      const a = order.shippingAddress;
      return { fullName: a.fullName, line1: a.line1, line2: a.line2 ?? null, city: a.city, postalCode: a.postalCode, countryCode: a.countryCode };
    }
    case 'lines':
      return order.lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice }));
    case 'note':
      return order.note ?? null;
    default:
      return order[field];
  }
}

export const differs = (ours: Order, theirs: Order | null | undefined, field: MergeField): boolean =>
  !!theirs && JSON.stringify(fieldValue(ours, field)) !== JSON.stringify(fieldValue(theirs, field));

/**
 * The order a resolution would produce: each field from the side chosen, the totals computed as
 * the server computes them (lines' quantity × unit price, plus shipping).
 */
export function previewResult(ours: Order, theirs: Order | null | undefined, choice: Choice): Order {
  const pick = <K extends MergeField>(field: K): Order[K] => (choice[field] === 'THEIRS' && theirs ? theirs[field] : ours[field]);
  const lines = pick('lines').map((l) => ({ ...l, lineTotal: l.quantity * l.unitPrice }));
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const shippingCost = pick('shippingCost');
  return {
    ...ours,
    status: pick('status'),
    customer: pick('customer'),
    shippingAddress: pick('shippingAddress'),
    currency: pick('currency'),
    lines,
    shippingCost,
    note: pick('note'),
    deleted: pick('deleted'),
    subtotal,
    total: subtotal + shippingCost,
  };
}
