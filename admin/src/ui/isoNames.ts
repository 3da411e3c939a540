// The server's own lists of valid country and currency codes (the same file its validation uses),
// named in the browser's language with Intl.DisplayNames.
import { countryCodes, currencyCodes } from '../../../server/src/orders/iso-codes';

const regionNames = new Intl.DisplayNames(undefined, { type: 'region' });
const currencyNames = new Intl.DisplayNames(undefined, { type: 'currency' });

const nameOf = (names: Intl.DisplayNames, code: string): string => {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
};

/** "United Kingdom (GB)"; an unknown code as it is. */
export const countryName = (code: string | null | undefined): string => (code ? `${nameOf(regionNames, code)} (${code})` : '—');

/** "Euro (EUR)". */
export const currencyName = (code: string | null | undefined): string => (code ? `${nameOf(currencyNames, code)} (${code})` : '—');

export interface CodeChoice {
  id: string;
  name: string;
}

const byName = (a: CodeChoice, b: CodeChoice) => a.name.localeCompare(b.name);

/** Every country the server accepts, by name. */
export const COUNTRY_CHOICES: CodeChoice[] = countryCodes()
  .map((id) => ({ id, name: countryName(id) }))
  .sort(byName);

/** Every currency the server accepts (that the browser knows too), by name. */
export const CURRENCY_CHOICES: CodeChoice[] = currencyCodes()
  .map((id) => ({ id, name: currencyName(id) }))
  .sort(byName);
