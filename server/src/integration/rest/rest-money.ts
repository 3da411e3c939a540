/**
 * Amounts between our integer minor units and a remote's major-unit numbers or decimal strings,
 * exactly: the conversion works on the decimal text, never multiplies floats (12.34 * 100 is
 * 1233.9999999999998). The exponent is the currency's (JPY 0, EUR 2, BHD 3).
 */

export type MoneyStyle = 'minor' | 'major' | 'decimal';

/** Minor-unit digits of a currency, from the runtime's ISO 4217 data. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A plain decimal text (`12.5`, `-3`, `0.125`) in minor units, rounded half away from zero; null if it is not one. */
export function decimalToMinor(text: string, exponent: number): number | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const kept = fraction.slice(0, exponent).padEnd(exponent, '0');
  let minor = BigInt(whole! + kept);
  // Half away from zero: the first dropped digit decides (on the magnitude; the sign comes after).
  if ((fraction[exponent] ?? '0') >= '5') minor += 1n;
  const value = Number(minor);
  if (!Number.isSafeInteger(value)) return null;
  return sign === '-' && value !== 0 ? -value : value;
}

/** A JS number's exact decimal text (no exponent form), or null when it has none (NaN, Infinity, huge). */
function plainText(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // 1e-7 and the like: toFixed gives the digits without the exponent (up to 20 places is plenty here).
  if (Math.abs(value) < 1) return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
  return null;
}

/** Minor units as the remote writes them. */
export function minorToRemote(minor: number, style: MoneyStyle, exponent: number): number | string {
  if (style === 'minor') return minor;
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  const signed = negative ? `-${text}` : text;
  return style === 'decimal' ? signed : Number(signed);
}

/** A remote amount in minor units, or the reason it is not one (in words, without the field name). */
export function remoteToMinor(value: unknown, style: MoneyStyle, exponent: number): { ok: true; minor: number } | { ok: false; reason: string } {
  if (style === 'minor') {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return { ok: true, minor: value };
    return { ok: false, reason: 'is not a whole amount in minor units' };
  }
  if (style === 'major') {
    const text = typeof value === 'number' ? plainText(value) : null;
    const minor = text === null ? null : decimalToMinor(text, exponent);
    return minor === null ? { ok: false, reason: 'is not an amount (a number in major units)' } : { ok: true, minor };
  }
  const minor = typeof value === 'string' ? decimalToMinor(value, exponent) : null;
  return minor === null ? { ok: false, reason: 'is not a decimal amount' } : { ok: true, minor };
}
