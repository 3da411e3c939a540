/** What the benchmark writes and reads: 3-line orders, and the GraphQL page of the admin's list. */

const FIRST = ['Alice', 'Bruno', 'Chloé', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas'];
const LAST = ['Martin', 'Okafor', 'Schneider', 'Kowalski', 'Rossi', 'Nakamura', 'Dubois', 'García'];
const PRODUCTS = [
  'Stainless steel water bottle 750ml',
  'Organic cotton t-shirt, navy, size M',
  'Wireless ergonomic mouse',
  'Ceramic pour-over coffee dripper',
  'Recycled paper notebook A5',
  'LED desk lamp with dimmer',
  'Bamboo cutting board, large',
  'USB-C charging cable 2m',
];
const CITIES = [
  { city: 'Lyon', postalCode: '69002', countryCode: 'FR' },
  { city: 'Berlin', postalCode: '10115', countryCode: 'DE' },
  { city: 'Porto', postalCode: '4050-262', countryCode: 'PT' },
  { city: 'Utrecht', postalCode: '3511 LX', countryCode: 'NL' },
];

export interface OrderLineBody {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export interface OrderBody {
  customer: { name: string; email: string; phone: string | null };
  shippingAddress: { fullName: string; line1: string; line2: string | null; city: string; postalCode: string; countryCode: string };
  currency: string;
  lines: OrderLineBody[];
  shippingCost: number;
  note: string | null;
}

/** The i-th order of a run (about 600 bytes of JSON, 3 lines): deterministic, different for each i. */
export function orderBody(i: number, tag = 'bench'): OrderBody {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const place = CITIES[i % CITIES.length]!;
  const lines = [0, 1, 2].map((k) => ({
    sku: `SKU-${String((i * 7 + k * 13) % 1_000_000).padStart(6, '0')}`,
    name: PRODUCTS[(i + k) % PRODUCTS.length]!,
    quantity: 1 + ((i + k) % 5),
    unitPrice: 100 + ((i * 31 + k * 17) % 12_000),
  }));
  return {
    customer: { name: `${first} ${last}`, email: `${first.toLowerCase()}.${i}@example.com`.normalize('NFD').replace(/[^\x20-\x7e]/g, ''), phone: null },
    shippingAddress: { fullName: `${first} ${last}`, line1: `${1 + (i % 200)} Rue de la Gare`, line2: null, ...place },
    currency: 'EUR',
    lines,
    shippingCost: i % 3 === 0 ? 0 : 490,
    note: `${tag} ${i}`,
  };
}

/** The admin's order list: a page of 25 with every field and the lines. */
export const ORDERS_PAGE_QUERY = `query Page($page: Int!, $perPage: Int!) {
  orders(page: $page, perPage: $perPage) {
    total
    items {
      id code status
      customer { name email phone }
      shippingAddress { fullName line1 line2 city postalCode countryCode }
      currency
      lines { sku name quantity unitPrice }
      shippingCost subtotal total note createdAt updatedAt version deleted
    }
  }
}`;

export const ORDERS_PAGE_REQUEST = JSON.stringify({ query: ORDERS_PAGE_QUERY, variables: { page: 1, perPage: 25 } });
