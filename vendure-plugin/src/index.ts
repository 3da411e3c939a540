export { OrdersSyncPlugin } from './orders-sync-plugin.js';
export type { OrdersSyncPluginOptions } from './options.js';
export { CUSTOM_FIELD_NAMES } from './custom-fields.js';
export { UnitPriceOverrideStrategy } from './unit-price-override-strategy.js';
