import { toOrderInput } from '../dataProvider';
import type { Order, OrderContent, OrderLineInput, OrderStatus } from '../dataProvider/model';
import { currencyDigits, toMajor, toMinor } from '../money';
import { checkMoney, checkQuantity } from './orderRules';

/** A line as the form holds it: the unit price as typed, in major units ("12.50"). */
export interface FormLine {
  sku?: string | null;
  name?: string | null;
  quantity?: number | string | null;
  unitPrice?: string | number | null;
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
  shippingCost: string | number | null;
  note?: string | null;
}

export const EMPTY_LINE: FormLine = { sku: '', name: '', quantity: 1, unitPrice: '' };

export const NEW_ORDER_DEFAULTS: Partial<OrderFormValues> = {
  status: 'pending',
  currency: 'EUR',
  shippingCost: '0.00',
  lines: [{ ...EMPTY_LINE }],
};

/** Minor units as the form shows them: 550 EUR -> "5.50" (all the currency's digits). */
export function moneyText(minor: number | null | undefined, currency: string | null | undefined): string {
  const major = toMajor(minor, currency);
  return major === null ? '' : major.toFixed(currencyDigits(currency));
}

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
      unitPrice: moneyText(line.unitPrice, order.currency),
    })),
    shippingCost: moneyText(order.shippingCost, order.currency),
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
      (line): OrderLineInput => ({
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

/**
 * Subtotal and total in minor units, as the server will compute them; null while a quantity or an
 * amount is not valid (a total of -29.97 for a quantity of -3 would only mislead).
 */
export function computeTotals(
  lines: FormLine[] | undefined,
  shippingCost: number | string | null | undefined,
  currency: string | undefined,
): { subtotal: number | null; total: number | null } {
  let subtotal = 0;
  for (const line of lines ?? []) {
    if (isEmptyLine(line)) continue;
    if (checkQuantity(line?.quantity) || checkMoney(line?.unitPrice, currency)) return { subtotal: null, total: null };
    subtotal += Number(line?.quantity) * toMinor(line?.unitPrice, currency);
  }
  if (checkMoney(shippingCost, currency, false)) return { subtotal, total: null };
  return { subtotal, total: subtotal + toMinor(shippingCost, currency) };
}
