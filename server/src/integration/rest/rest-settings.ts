import { z } from 'zod';
import { ORDER_STATUSES } from '../../orders/order.types.js';
import type { RemoteDefinition, RemoteKindSpec } from '../remote-definition.js';

/**
 * The `settings` of a `rest` remote: a declarative mapping between a plain Orders REST API (an
 * e-shop) and our orders. Every key is described, with an example, in docs/rest-mapping.md.
 *
 * Field paths are dot paths into the remote's JSON (`buyer.full_name`); our side is the shape of
 * the mapping itself (`fields.customer.name`), so a mapping reads as "our field: their path".
 */

const DEFAULT_POLL_MS = 3000;

/** A dot path into a JSON object: `status`, `buyer.full_name` (no array indexes: lines have their own mapping). */
const dotPath = z
  .string({ error: 'must be a dot path such as buyer.full_name' })
  .regex(/^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/, 'must be a dot path such as buyer.full_name')
  // These would reach into the prototype of the objects we build.
  .refine((p) => !p.split('.').some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype'), 'must not name __proto__, constructor or prototype');

/** A path on the remote, relative to the remote's URL; `{id}` stands for the remote's id of the order. */
const urlPath = (withId: boolean) =>
  z
    .string({ error: 'must be a path such as /orders' })
    .regex(/^\/[^\s?#]*$/, 'must be a path starting with / (no query, no spaces)')
    .refine((p) => p.includes('{id}') === withId, withId ? 'must contain {id}, e.g. /orders/{id}' : 'must not contain {id}');

const paramName = z.string().min(1, 'is required').max(64).regex(/^[\w.\-[\]]+$/, 'must be a query parameter name');

const pageSize = z.number().int('must be a whole number').min(1).max(1000);

/** How the list is paged. Each style asks for `limit` items per request. */
const pagingSchema = z.discriminatedUnion(
  'style',
  [
    /** `?_page=2&_limit=50`: the next page while a page comes back full. */
    z.strictObject({
      style: z.literal('page'),
      pageParam: paramName.default('page'),
      limitParam: paramName.default('limit'),
      firstPage: z.number().int().min(0).default(1),
      limit: pageSize.default(50),
    }),
    /** `?offset=100&limit=50`. */
    z.strictObject({
      style: z.literal('offset'),
      offsetParam: paramName.default('offset'),
      limitParam: paramName.default('limit'),
      limit: pageSize.default(50),
    }),
    /** `?cursor=abc`: the next cursor is in the answer at `nextCursorPath`; none (null, "") means the end. */
    z.strictObject({
      style: z.literal('cursor'),
      cursorParam: paramName.default('cursor'),
      nextCursorPath: dotPath,
      limitParam: paramName.optional(),
      limit: pageSize.default(50),
    }),
    /** The answer's `Link: <...>; rel="next"` header is the next page (same origin only). */
    z.strictObject({
      style: z.literal('link'),
      limitParam: paramName.optional(),
      limit: pageSize.default(50),
    }),
    /** One request returns everything. */
    z.strictObject({ style: z.literal('none') }),
  ],
  { error: 'style must be page, offset, cursor, link or none' },
);

/** What the remote calls its change time, and the query parameter that filters by it. */
const changedSinceSchema = z.strictObject({
  /** e.g. `updated_at_gte` (json-server) or `updated_since`. */
  param: paramName,
  /** The remote field holding the order's last change time, e.g. `updated_at`. */
  field: dotPath,
  /** How the remote writes times: ISO 8601 text, or epoch milliseconds or seconds. */
  format: z.enum(['iso', 'epoch-ms', 'epoch-s']).default('iso'),
  /**
   * Each poll asks again from this long before the latest change seen: clocks, equal timestamps and
   * transactions committed late must not hide a change. Orders seen twice cost a comparison only.
   */
  overlapMs: z.number().int().min(0).max(86_400_000).default(5000),
});

const moneyStyle = z.enum(['minor', 'major', 'decimal'], { error: 'must be minor, major or decimal' });

const linesSchema = z.strictObject({
  /** Where the array of lines is in the remote order, e.g. `items`. */
  path: dotPath,
  sku: dotPath,
  name: dotPath,
  quantity: dotPath,
  unitPrice: dotPath,
});

/** Our field → the remote's path. Unmapped optional fields keep what we hold and are never written. */
const fieldsSchema = z.strictObject({
  /** Our human code (A-000042): read when the remote's value has our code's shape, written on create. */
  code: dotPath.optional(),
  status: dotPath,
  customer: z.strictObject({ name: dotPath, email: dotPath, phone: dotPath.optional() }),
  shippingAddress: z.strictObject({
    fullName: dotPath,
    line1: dotPath,
    line2: dotPath.optional(),
    city: dotPath,
    postalCode: dotPath,
    countryCode: dotPath,
  }),
  currency: dotPath.optional(),
  lines: linesSchema,
  shippingCost: dotPath.optional(),
  note: dotPath.optional(),
});

const wordList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** How the remote shows a deleted order; `none`: it cannot (deletions are neither seen nor sent). */
const deletionSchema = z.discriminatedUnion(
  'style',
  [
    /** The status field holds this word (e.g. `deleted`, `archived`). */
    z.strictObject({ style: z.literal('status'), word: z.string().min(1) }),
    /** A boolean field, e.g. `is_deleted`. */
    z.strictObject({ style: z.literal('flag'), field: dotPath }),
    /** The order's GET answers 404 once it is deleted (seen only when we read the order to write it). */
    z.strictObject({ style: z.literal('notFound') }),
    z.strictObject({ style: z.literal('none') }),
  ],
  { error: 'style must be status, flag, notFound or none' },
);

const concurrencySchema = z.discriminatedUnion(
  'style',
  [
    /** GET answers an ETag, PUT takes If-Match and answers 412 when the order changed meanwhile. */
    z.strictObject({ style: z.literal('etag') }),
    /** The order carries a version field that PUT must send back; a stale one is refused (409 or 412). */
    z.strictObject({ style: z.literal('versionField'), field: dotPath }),
    /** Neither: read–compare–write, with the window explained in docs/rest-mapping.md. */
    z.strictObject({ style: z.literal('none') }),
  ],
  { error: 'style must be etag, versionField or none' },
);

export const restSettingsSchema = z
  .strictObject({
    paths: z.strictObject({
      list: urlPath(false),
      one: urlPath(true),
      create: urlPath(false),
      update: urlPath(true),
    }),
    paging: pagingSchema.default({ style: 'none' }),
    /** Fixed query parameters of every list request, e.g. `{ "_sort": "id" }` for a stable order. */
    listParams: z.record(paramName, z.string().max(200)).default({}),
    changedSince: changedSinceSchema.optional(),
    /** Where the array is in the list answer, e.g. `data.orders`; "" for a bare array. */
    itemsPath: z.union([z.literal(''), dotPath]).default(''),
    /** The remote's id of an order. */
    idField: dotPath.default('id'),
    idType: z.enum(['number', 'string']).default('number'),
    /** `remote`: the remote assigns ids (read from the POST answer); `us`: we send our order id as its id. */
    idCreatedBy: z.enum(['remote', 'us']).default('remote'),
    /**
     * A remote field that stores our order id. Makes creates idempotent (a create whose answer was
     * lost is found again instead of repeated) and lets us recognise our own orders.
     */
    ourIdField: dotPath.optional(),
    /** The list query parameter that filters by `ourIdField` (default: its name, as json-server does). */
    ourIdParam: paramName.optional(),
    fields: fieldsSchema,
    /** Used when `fields.currency` is not mapped: the remote's only currency. */
    defaultCurrency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').optional(),
    /** How each amount is written; default `minor` (integer minor units). */
    money: z
      .strictObject({ unitPrice: moneyStyle.default('minor'), shippingCost: moneyStyle.default('minor') })
      .default({ unitPrice: 'minor', shippingCost: 'minor' }),
    /** Our status → the remote's word(s). The first word is what we write; every word is read. */
    statuses: z.strictObject(Object.fromEntries(ORDER_STATUSES.map((s) => [s, wordList])) as Record<(typeof ORDER_STATUSES)[number], typeof wordList>),
    /** `put-whole`: PUT the remote's order with our mapped fields laid over it; `put-partial`: PUT the mapped fields only. */
    update: z.enum(['put-whole', 'put-partial']).default('put-whole'),
    concurrency: concurrencySchema.default({ style: 'none' }),
    deletion: deletionSchema.default({ style: 'none' }),
    pollIntervalMs: z.number().int().min(100).max(3_600_000).default(DEFAULT_POLL_MS),
    /** Each HTTP request's time limit. */
    timeoutMs: z.number().int().min(100).max(300_000).default(15_000),
  })
  .superRefine((s, ctx) => {
    if (!s.fields.currency && !s.defaultCurrency) {
      ctx.addIssue({ code: 'custom', path: ['defaultCurrency'], message: 'is required when fields.currency is not mapped' });
    }
    if (s.defaultCurrency && !Intl.supportedValuesOf('currency').includes(s.defaultCurrency)) {
      ctx.addIssue({ code: 'custom', path: ['defaultCurrency'], message: 'is not an ISO 4217 currency code' });
    }
    if (s.idCreatedBy === 'us' && s.idType !== 'string') {
      ctx.addIssue({ code: 'custom', path: ['idType'], message: 'must be string when idCreatedBy is us (our ids are UUIDs)' });
    }
    const seen = new Map<string, string>();
    for (const [status, words] of Object.entries(s.statuses)) {
      for (const word of typeof words === 'string' ? [words] : words) {
        const other = seen.get(word);
        if (other) ctx.addIssue({ code: 'custom', path: ['statuses', status], message: `word "${word}" is already used for ${other}` });
        seen.set(word, status);
      }
    }
    if (s.deletion.style === 'status' && seen.has(s.deletion.word)) {
      ctx.addIssue({ code: 'custom', path: ['deletion', 'word'], message: `"${s.deletion.word}" is already the word of status ${seen.get(s.deletion.word)}` });
    }
  });

export type RestSettings = z.output<typeof restSettingsSchema>;
export type RestSettingsInput = z.input<typeof restSettingsSchema>;
export type Paging = RestSettings['paging'];

/** Problems with a rest remote's settings, each naming its key (`settings.paths.list`). */
export function checkRestSettings(settings: unknown): { path: string; message: string }[] {
  const parsed = restSettingsSchema.safeParse(settings ?? {});
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    path: ['settings', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** The settings, parsed; throws naming the first bad key (definitions are checked at startup, so this is a programming error). */
export function parseRestSettings(settings: unknown): RestSettings {
  const problems = checkRestSettings(settings);
  if (problems.length) throw new Error(`invalid rest remote settings: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  return restSettingsSchema.parse(settings);
}

export const restKind: RemoteKindSpec = {
  kind: 'rest',
  check(definition: RemoteDefinition) {
    const problems = checkRestSettings(definition.settings);
    const creds = definition.credentials;
    if (creds?.username || creds?.password) {
      problems.push({ path: 'credentials', message: 'a rest remote takes a bearer token (credentials.token), not a user name and password' });
    }
    return problems;
  },
};

/** The words of one status, the first being the one we write. */
export const wordsOf = (words: string | string[]): string[] => (typeof words === 'string' ? [words] : words);
