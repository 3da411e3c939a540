import { z } from 'zod';
import { isCountryCode, isCurrencyCode } from './iso-codes.js';
import { ORDER_STATUSES, type OrderContent } from './order.types.js';

/**
 * The one definition of a valid order. GraphQL, REST and the sync all pass what they write
 * through these schemas (via order.service.ts), so no path can store an order another would refuse.
 */

export const LIMITS = {
  linesMin: 1,
  linesMax: 100,
  quantityMax: 10_000,
  /** Keeps the largest possible total (100 lines x 10,000 x price) below 2^53. */
  moneyMax: 1_000_000_000,
  noteMax: 2_000,
  textMax: 200,
} as const;

/** PostgreSQL text cannot hold NUL; refused here, or the database would fail with an internal error. */
const hasNoNul = (v: string) => !v.includes('\u0000');
const NUL_MESSAGE = 'must not contain NUL characters';

const text = (max: number = LIMITS.textMax) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`).refine(hasNoNul, NUL_MESSAGE);

/** Optional text: absent, null and "" all mean "none" (forms send "" for a cleared field). */
const optionalText = (max: number = LIMITS.textMax) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine(hasNoNul, NUL_MESSAGE)
    .nullish()
    .transform((v) => (v ? v : null));

const money = z
  .number({ error: 'must be an integer amount in minor units' })
  .int('must be an integer amount in minor units (cents), not a fraction')
  .min(0, 'must not be negative')
  .max(LIMITS.moneyMax, `must be at most ${LIMITS.moneyMax}`);

export const customerSchema = z.strictObject({
  name: text(),
  email: z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be a valid email address')),
  phone: optionalText(32).refine((v) => v === null || /^\+?[0-9][0-9 ()./-]{3,30}$/.test(v), 'must be a phone number'),
});

export const shippingAddressSchema = z.strictObject({
  fullName: text(),
  line1: text(),
  line2: optionalText(),
  city: text(),
  postalCode: text(20),
  countryCode: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code such as DE or US'),
});

export const orderLineSchema = z.strictObject({
  sku: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(64, 'must be at most 64 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'may hold only letters, digits and . _ - /'),
  name: text(),
  quantity: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(LIMITS.quantityMax, `must be at most ${LIMITS.quantityMax}`),
  unitPrice: money,
});

export const orderStatusSchema = z.enum(ORDER_STATUSES, {
  error: `must be one of ${ORDER_STATUSES.join(', ')}`,
});

const contentShape = {
  status: orderStatusSchema,
  customer: customerSchema,
  shippingAddress: shippingAddressSchema,
  currency: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine(isCurrencyCode, 'must be an ISO 4217 currency code such as EUR or USD'),
  lines: z
    .array(orderLineSchema, { error: 'must be a list of order lines' })
    .min(LIMITS.linesMin, 'must hold at least one line')
    .max(LIMITS.linesMax, `must hold at most ${LIMITS.linesMax} lines`),
  shippingCost: money,
  note: optionalText(LIMITS.noteMax),
};

/** A whole order's content. `status` defaults to pending and `shippingCost` to 0 on create. */
export const orderContentSchema = z.strictObject({
  ...contentShape,
  status: orderStatusSchema.default('pending'),
  shippingCost: money.default(0),
});

/** A change to some top-level fields; nested objects and the lines are replaced whole. */
export const orderPatchSchema = z.strictObject(contentShape).partial();

export const orderIdSchema = z.uuid('must be a UUID');

export type OrderPatch = z.infer<typeof orderPatchSchema>;

/** Validated content, typed as the domain type (zod's output matches it field for field). */
export type ValidContent = OrderContent;
