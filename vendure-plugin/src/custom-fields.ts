import { LanguageCode, type CustomFieldConfig } from '@vendure/core';

/**
 * The custom fields this plugin adds. They are `public: false`: the Admin API (where the sync works,
 * with an administrator's permissions) reads and writes them, the Shop API does not see them, so a
 * customer can neither read our ids nor set their own price.
 */

/** Names of the fields, shared with the sync client, which must spell them the same way. */
export const CUSTOM_FIELD_NAMES = {
  externalId: 'externalId',
  note: 'syncNote',
  unitPriceOverride: 'unitPriceOverride',
} as const;

export const orderCustomFields: CustomFieldConfig[] = [
  {
    name: CUSTOM_FIELD_NAMES.externalId,
    type: 'string',
    nullable: true,
    // One shop order per order of ours; the sync looks an order up by it before creating one, and
    // the unique index is the last line of defence against a duplicate (PostgreSQL allows many NULLs).
    unique: true,
    public: false,
    label: [{ languageCode: LanguageCode.en, value: 'Orders service id' }],
    description: [
      {
        languageCode: LanguageCode.en,
        value: 'The id of this order in the Orders service it is synced with. Set by the sync; do not edit.',
      },
    ],
  },
  {
    name: CUSTOM_FIELD_NAMES.note,
    type: 'text',
    nullable: true,
    public: false,
    label: [{ languageCode: LanguageCode.en, value: 'Order note (synced)' }],
    description: [
      {
        languageCode: LanguageCode.en,
        value: 'The note of this order, kept equal to the note in the Orders service both ways.',
      },
    ],
  },
];

export const orderLineCustomFields: CustomFieldConfig[] = [
  {
    name: CUSTOM_FIELD_NAMES.unitPriceOverride,
    type: 'int',
    nullable: true,
    public: false,
    min: 0,
    label: [{ languageCode: LanguageCode.en, value: 'Unit price override (incl. tax)' }],
    description: [
      {
        languageCode: LanguageCode.en,
        value:
          'When set, the price of one unit in minor units of the order currency, tax included, ' +
          'instead of the catalog price. Set by the sync for orders created in the Orders service.',
      },
    ],
  },
];
