// Money is kept by the server as an integer in minor units of the order's currency (cents).

const digitsCache = new Map<string, number>();

/** How many minor digits a currency has (EUR 2, JPY 0, KWD 3); 2 for a code Intl does not know. */
export function currencyDigits(currency: string | null | undefined): number {
  const code = (currency ?? '').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return 2;
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(code, digits);
  }
  return digits;
}

/** Minor units (1999) to major units (19.99) of the currency. */
export function toMajor(minor: number | null | undefined, currency: string | null | undefined): number | null {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return null;
  return minor / 10 ** currencyDigits(currency);
}

/**
 * Major units as typed (19.99) to minor units (1999), rounded to the currency's digits.
 * Anything that is not a number is passed on as it is, for the server to refuse with a message.
 */
export function toMinor(major: number | string | null | undefined, currency: string | null | undefined): number {
  if (major === null || major === undefined || major === '') return 0;
  const value = typeof major === 'number' ? major : Number(major);
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** currencyDigits(currency);
  // toFixed(6) first: 1.005 * 100 is 100.49999999999999 in floating point.
  return Math.round(Number((value * factor).toFixed(6)));
}

/** Formats minor units in the currency: 1999 EUR -> "€19.99". */
export function formatMoney(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return '';
  const code = (currency ?? '').trim().toUpperCase();
  const major = minor / 10 ** currencyDigits(code);
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: code }).format(major);
  } catch {
    return `${major.toFixed(currencyDigits(code))} ${code}`.trim();
  }
}
