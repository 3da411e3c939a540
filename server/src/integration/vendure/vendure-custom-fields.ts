/**
 * The custom fields the shop has with the OrdersSyncPlugin (vendure-plugin/src/custom-fields.ts;
 * the names must match it; test/vendure-client tests run against the plugin and catch a drift).
 */
export const CUSTOM_FIELDS = {
  externalId: 'externalId',
  note: 'syncNote',
  unitPriceOverride: 'unitPriceOverride',
} as const;
