import { toOrderInput } from '../dataProvider';
import type { Order, OrderContent, OrderLine, OrderStatus } from '../dataProvider/types';
import { toMajor, toMinor } from '../money';

/** A line as the form holds it: the unit price in major units (12.50). */
export interface FormLine {
  sku?: string | null;
  name?: string | null;
  quantity?: number | null;
  unitPrice?: number | null;
}

/** The order as the form holds it: money in major units of its currency. */
export interface OrderFormValues {
  id?: string;
  status: OrderStatus;
  customer: { name: string; email: string; phone?: string | null };
  shippingAddress: {
    fullName: string;
    line1: string;
    line2?: string | null;
    city: string;
    postalCode: string;
    countryCode: string;
  };
  currency: string;
  lines: FormLine[];
  shippingCost: number | null;
  note?: string | null;
}

export const EMPTY_LINE: FormLine = { sku: '', name: '', quantity: 1, unitPrice: null };

export const NEW_ORDER_DEFAULTS: Partial<OrderFormValues> = {
  status: 'pending',
  currency: 'EUR',
  shippingCost: 0,
  lines: [{ ...EMPTY_LINE }],
};

/** The server's order (minor units) as form values (major units). */
export function toFormValues(order: Order): OrderFormValues {
  return {
    id: order.id,
    status: order.status,
    customer: { ...order.customer },
    shippingAddress: { ...order.shippingAddress },
    currency: order.currency,
    lines: order.lines.map((line) => ({
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: toMajor(line.unitPrice, order.currency),
    })),
    shippingCost: toMajor(order.shippingCost, order.currency),
    note: order.note,
  };
}

const blank = (value: unknown) => (typeof value === 'string' ? value.trim() === '' : value === undefined || value === null);

/** A row nobody typed into (a fresh "Add line" row): left out rather than refused. */
export const isEmptyLine = (line: FormLine | null | undefined): boolean =>
  !line || (blank(line.sku) && blank(line.name) && blank(line.unitPrice));

/** Form values (major units) to the API's input (minor units), only the fields it accepts. */
export function fromFormValues(values: OrderFormValues): Partial<OrderContent> {
  const currency = values.currency;
  const lines = (values.lines ?? [])
    .filter((line) => !isEmptyLine(line))
    .map(
      (line): OrderLine => ({
        sku: line.sku ?? '',
        name: line.name ?? '',
        quantity: line.quantity === null || line.quantity === undefined ? 0 : Number(line.quantity),
        unitPrice: toMinor(line.unitPrice, currency),
      }),
    );
  return toOrderInput({
    status: values.status,
    customer: { name: values.customer?.name ?? '', email: values.customer?.email ?? '', phone: values.customer?.phone ?? null },
    shippingAddress: {
      fullName: values.shippingAddress?.fullName ?? '',
      line1: values.shippingAddress?.line1 ?? '',
      line2: values.shippingAddress?.line2 ?? null,
      city: values.shippingAddress?.city ?? '',
      postalCode: values.shippingAddress?.postalCode ?? '',
      countryCode: values.shippingAddress?.countryCode ?? '',
    },
    currency,
    lines,
    shippingCost: toMinor(values.shippingCost, currency),
    note: values.note ?? null,
  });
}

/** Subtotal and total in minor units, as the server will compute them. */
export function computeTotals(
  lines: FormLine[] | undefined,
  shippingCost: number | string | null | undefined,
  currency: string | undefined,
): { subtotal: number; total: number } {
  let subtotal = 0;
  for (const line of lines ?? []) {
    if (isEmptyLine(line)) continue;
    const quantity = Number(line?.quantity ?? 0);
    const unit = toMinor(line?.unitPrice, currency);
    if (Number.isFinite(quantity) && Number.isFinite(unit)) subtotal += quantity * unit;
  }
  const shipping = toMinor(shippingCost, currency);
  return { subtotal, total: subtotal + (Number.isFinite(shipping) ? shipping : 0) };
}
