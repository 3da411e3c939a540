import { currencyDigits, toMinor } from '../money';

/**
 * The server's rules for an order (server/src/orders/order.validation.ts), checked in the form
 * before saving, with messages for people. The server checks again; these only spare a round trip.
 */
export const RULES = {
  linesMin: 1,
  linesMax: 100,
  quantityMin: 1,
  quantityMax: 10_000,
  /** In minor units. */
  moneyMax: 1_000_000_000,
  textMax: 200,
  postalCodeMax: 20,
  phoneMax: 32,
  skuMax: 64,
  noteMax: 2_000,
} as const;

const SKU = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;
const PHONE = /^\+?[0-9][0-9 ()./-]{3,30}$/;
// The same shape zod's z.email() accepts, for the common cases.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** A form value as text (inputs give strings, number inputs numbers). */
const asText = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

const blank = (value: unknown) => asText(value).trim() === '';

export const checkText = (label: string, max: number = RULES.textMax) => (value: unknown) => {
  if (blank(value)) return `Enter the ${label}`;
  if (asText(value).trim().length > max) return `Use at most ${max} characters`;
  return undefined;
};

export const checkOptionalText = (max: number) => (value: unknown) =>
  !blank(value) && String(value).trim().length > max ? `Use at most ${max} characters` : undefined;

export const checkEmail = (value: unknown) => {
  if (blank(value)) return 'Enter the customer’s email address';
  return EMAIL.test(String(value).trim()) ? undefined : 'Enter an email address such as name@example.com';
};

export const checkPhone = (value: unknown) => {
  if (blank(value)) return undefined;
  const text = String(value).trim();
  return text.length <= RULES.phoneMax && PHONE.test(text) ? undefined : 'Enter a phone number (digits, spaces, + ( ) . / -)';
};

export const checkSku = (value: unknown) => {
  if (blank(value)) return 'Enter the SKU';
  const text = String(value).trim();
  if (text.length > RULES.skuMax) return `Use at most ${RULES.skuMax} characters`;
  return SKU.test(text) ? undefined : 'Use letters, digits and . _ - / only, starting with a letter or digit';
};

export const checkQuantity = (value: unknown) => {
  if (blank(value)) return 'Enter a quantity';
  const n = Number(value);
  if (!Number.isInteger(n) || n < RULES.quantityMin || n > RULES.quantityMax) return 'Enter a whole number from 1 to 10,000';
  return undefined;
};

/** A money amount as typed ("12.50"), in the currency's digits, 0 or more. */
export function checkMoney(value: unknown, currency: string | null | undefined, required = true): string | undefined {
  if (blank(value)) return required ? 'Enter an amount' : undefined;
  const text = String(value).trim();
  const digits = currencyDigits(currency);
  if (text.startsWith('-')) return 'An amount cannot be negative';
  const shape = digits > 0 ? new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`) : /^\d+$/;
  if (!shape.test(text)) {
    return digits > 0 ? `Enter an amount such as 12.50 (at most ${digits} decimal${digits === 1 ? '' : 's'})` : 'Enter a whole amount (this currency has no decimals)';
  }
  if (toMinor(text, currency) > RULES.moneyMax) return 'That amount is too large';
  return undefined;
}
