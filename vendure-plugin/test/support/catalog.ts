import { LanguageCode, type InitialData } from '@vendure/core';
import type { SimpleGraphQLClient } from '@vendure/testing';
import { parse } from 'graphql';

/** The test shop: EUR prices that include tax (as in a European B2C shop), German VAT rates. */
export const SHOP_CURRENCY = 'EUR';

export const initialData: InitialData = {
  defaultLanguage: LanguageCode.en,
  defaultZone: 'Europe',
  // Tax rates apply in the default zone; each also becomes a tax category of the same name.
  taxRates: [
    { name: 'Standard Tax', percentage: 19 },
    { name: 'Reduced Tax', percentage: 7 },
  ],
  shippingMethods: [
    { name: 'Standard Shipping', price: 490, taxRate: 19 },
    { name: 'Express Shipping', price: 990, taxRate: 19 },
  ],
  paymentMethods: [{ name: 'Instant payment', handler: { code: 'instant-payment', arguments: [] } }],
  countries: [
    { name: 'Germany', code: 'DE', zone: 'Europe' },
    { name: 'Austria', code: 'AT', zone: 'Europe' },
    { name: 'France', code: 'FR', zone: 'Europe' },
    { name: 'Netherlands', code: 'NL', zone: 'Europe' },
  ],
  collections: [],
};

export const PAYMENT_METHOD_CODE = 'instant-payment';
export const SHIPPING_METHOD_CODES = { standard: 'standard-shipping', express: 'express-shipping' } as const;

export interface CatalogVariant {
  sku: string;
  name: string;
  /** Minor units, tax included (the channel's prices include tax). */
  price: number;
  taxCategory: 'Standard Tax' | 'Reduced Tax';
  stockOnHand: number;
}

/** One product per variant: several variants of one product would need option groups. */
export const CATALOG: CatalogVariant[] = [
  { sku: 'MUG-BLUE', name: 'Mug, blue', price: 1290, taxCategory: 'Standard Tax', stockOnHand: 1000 },
  { sku: 'MUG-RED', name: 'Mug, red', price: 1290, taxCategory: 'Standard Tax', stockOnHand: 1000 },
  { sku: 'TEE-M', name: 'T-shirt M', price: 2499, taxCategory: 'Standard Tax', stockOnHand: 1000 },
  { sku: 'TEE-L', name: 'T-shirt L', price: 2499, taxCategory: 'Standard Tax', stockOnHand: 1000 },
  { sku: 'BOOK-01', name: 'Paperback', price: 1500, taxCategory: 'Reduced Tax', stockOnHand: 1000 },
  // Two in stock: for the "not enough stock" refusals.
  { sku: 'POSTER-RARE', name: 'Rare poster', price: 9900, taxCategory: 'Standard Tax', stockOnHand: 2 },
];

const CHANNEL_AND_TAX = parse(`
  query { activeChannel { id } taxCategories { items { id name } } }`);
const UPDATE_CHANNEL = parse(`
  mutation($input: UpdateChannelInput!) {
    updateChannel(input: $input) { ... on Channel { id defaultCurrencyCode pricesIncludeTax } ... on ErrorResult { message } }
  }`);
const CREATE_PRODUCT = parse(`
  mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`);
const CREATE_VARIANTS = parse(`
  mutation($input: [CreateProductVariantInput!]!) { createProductVariants(input: $input) { id sku } }`);

/**
 * Switches the default channel to EUR with tax-inclusive prices and creates the catalog, through
 * the Admin API (the populate step of @vendure/testing prices imported products in the channel's
 * currency, which is USD until this runs). Returns the variant id of each SKU.
 */
export async function createCatalog(admin: SimpleGraphQLClient): Promise<Map<string, string>> {
  const { activeChannel, taxCategories } = await admin.query(CHANNEL_AND_TAX);
  const { updateChannel } = await admin.query(UPDATE_CHANNEL, {
    input: {
      id: activeChannel.id,
      defaultCurrencyCode: SHOP_CURRENCY,
      availableCurrencyCodes: [SHOP_CURRENCY],
      pricesIncludeTax: true,
    },
  });
  if (updateChannel.defaultCurrencyCode !== SHOP_CURRENCY) throw new Error(`channel update failed: ${updateChannel.message}`);
  const taxCategoryId = (name: string): string => {
    const found = taxCategories.items.find((c: { name: string }) => c.name === name);
    if (!found) throw new Error(`no tax category ${name}`);
    return found.id;
  };
  const variantIds = new Map<string, string>();
  for (const variant of CATALOG) {
    const { createProduct } = await admin.query(CREATE_PRODUCT, {
      input: {
        translations: [
          {
            languageCode: LanguageCode.en,
            name: variant.name,
            slug: variant.sku.toLowerCase(),
            description: variant.name,
          },
        ],
      },
    });
    const { createProductVariants } = await admin.query(CREATE_VARIANTS, {
      input: [variant].map((v) => ({
        productId: createProduct.id,
        sku: v.sku,
        price: v.price,
        stockOnHand: v.stockOnHand,
        trackInventory: 'TRUE',
        taxCategoryId: taxCategoryId(v.taxCategory),
        translations: [{ languageCode: LanguageCode.en, name: v.name }],
      })),
    });
    for (const created of createProductVariants) variantIds.set(created.sku, created.id);
  }
  return variantIds;
}

export function catalogVariant(sku: string): CatalogVariant {
  const found = CATALOG.find((v) => v.sku === sku);
  if (!found) throw new Error(`no catalog variant ${sku}`);
  return found;
}
