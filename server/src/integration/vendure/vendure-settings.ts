import { z } from 'zod';
import type { RemoteDefinition, RemoteKindSpec } from '../remote-definition.js';

/**
 * The `settings` of a remote of kind `vendure`. `url` of the definition is the shop's Admin API
 * endpoint (e.g. https://shop.example.com/admin-api); `credentials` are an administrator's
 * `username` and `password` (or, Vendure 3.6+, an API key as `token`).
 */
export const vendureSettingsSchema = z.strictObject({
  /**
   * The shop's payment method our manual payments name (an order paid here is paid there by a
   * manual payment of this method; a price decrease is refunded through it).
   */
  paymentMethodCode: z.string({ error: 'is required: the code of the shop payment method our payments name' }).min(1, 'must not be empty'),
  /** The shop runs the plugin with `unitPriceOverride: true`: our unit prices win over its catalog's. */
  unitPriceOverride: z.boolean({ error: 'must be true or false' }).default(false),
  /** The shipping method of orders created here; default: one priced like our shipping cost, else the cheapest. */
  shippingMethodCode: z.string().min(1, 'must not be empty').optional(),
  /** Default `manual-fulfillment`. */
  fulfillmentHandlerCode: z.string().min(1, 'must not be empty').optional(),
  /** The channel's token (`vendure-token` header); the default channel when unset. */
  channelToken: z.string().min(1, 'must not be empty').optional(),
  /** The pause between two polls that found nothing (the engine doubles it while idle). */
  pollIntervalMs: z.number({ error: 'must be a number of milliseconds' }).int('must be whole milliseconds').min(200, 'must be at least 200').max(600_000, 'must be at most 600000').default(3_000),
  /** Orders per list request (Vendure allows up to 1000). */
  pageSize: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
  /** How far each poll re-reads before its cursor (vendure-change-listing.ts). */
  overlapMs: z.number().int('must be whole milliseconds').min(0, 'must not be negative').max(600_000, 'must be at most 600000').optional(),
  /** Per request to the shop. */
  timeoutMs: z.number().int('must be whole milliseconds').min(1_000, 'must be at least 1000').max(300_000, 'must be at most 300000').optional(),
});

export type VendureSettings = z.output<typeof vendureSettingsSchema>;

export type VendureLogin = { username: string; password: string } | { apiKey: string };

/** The settings of a definition already checked by `vendureKind.check` (throws otherwise). */
export function vendureSettingsOf(definition: RemoteDefinition): VendureSettings {
  const parsed = vendureSettingsSchema.safeParse(definition.settings ?? {});
  if (!parsed.success) throw new Error(`remote ${definition.name}: ${settingsProblems(parsed.error).map((p) => `${p.path} ${p.message}`).join('; ')}`);
  return parsed.data;
}

/** How the adapter logs in: an administrator's login, else an API key. */
export function vendureLoginOf(definition: RemoteDefinition): VendureLogin {
  const c = definition.credentials ?? {};
  if (c.username && c.password) return { username: c.username, password: c.password };
  if (c.token) return { apiKey: c.token };
  throw new Error(`remote ${definition.name}: credentials.username and credentials.password are required`);
}

function settingsProblems(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    // An unknown key is named itself, not its parent object.
    if (issue.code === 'unrecognized_keys') {
      return { path: ['settings', key, issue.keys[0]].filter(Boolean).join('.'), message: 'is not a setting of a Vendure remote' };
    }
    return { path: key ? `settings.${key}` : 'settings', message: issue.message };
  });
}

export const vendureKind: RemoteKindSpec = {
  kind: 'vendure',
  check(definition) {
    const problems: { path: string; message: string }[] = [];
    const parsed = vendureSettingsSchema.safeParse(definition.settings ?? {});
    if (!parsed.success) problems.push(...settingsProblems(parsed.error));
    const c = definition.credentials ?? {};
    if (!c.token || c.username || c.password) {
      // An administrator's login (or an API key alone, as `token`).
      if (!c.username) problems.push({ path: 'credentials.username', message: "is required: the shop administrator's login name (or give an API key as credentials.token)" });
      if (!c.password) problems.push({ path: 'credentials.password', message: "is required: the shop administrator's password" });
    }
    return problems;
  },
};
