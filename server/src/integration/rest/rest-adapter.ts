import { v5 as uuidv5 } from 'uuid';
import { computeTotals } from '../../orders/order.types.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { MergeContent } from '../merge.js';
import { mergeContentOf, type OrderJson } from '../message.js';
import type { InboundMessage, KnownOrder, OutgoingMessage, PullContext, PullOptions, PullPage, PushContext, PushResult, RemoteAdapter } from '../remote-adapter.js';
import type { RemoteDefinition } from '../remote-definition.js';
import { isAgreed, ST, type SyncState } from '../sync-state.js';
import { TransportError } from '../transport.js';
import { RestClient, type PageState } from './rest-client.js';
import { fromOrderJson, keyOf, ourIdOf, toOrderJson, type Fill, type MappedOrder } from './rest-mapping.js';
import { getPath } from './rest-paths.js';
import { parseRestSettings, type RestSettings } from './rest-settings.js';

/**
 * A plain Orders REST API (an e-shop) as a remote. It has no versions, no feed and no sync states,
 * so this adapter answers for it as a peer would (see remote-adapter.ts):
 * - pull: polls the list (changed since the last poll, or a full scan), maps each order and compares
 *   it with the content last agreed: a difference is the shop's change, an unknown order is new;
 * - push: read–compare–write. It reads the shop's order first and writes only if the shop still
 *   holds what we last agreed; otherwise it answers with the shop's change instead, and the engine
 *   merges or raises a collision, as with a peer that changed the order concurrently.
 */

/** Namespace of the order ids derived from (remote name, remote key): the same shop order always gets the same id here. */
const REST_ORDER_NAMESPACE = '5d0f6a1e-2b8c-4c3e-9a57-0e1f3c6b9d21';

/** Read–compare–write attempts when the shop keeps answering 412 (someone writes the same order right now). */
const MAX_WRITE_ATTEMPTS = 3;

export interface RestAdapterOptions {
  now?: () => Date;
  /** The HTTP client (default: the global fetch); the fault simulation passes an in-process shop. */
  fetch?: typeof fetch;
}

/** Where polling continues: the changed-since point, and the next page of the current round. */
interface PullCursor {
  /** Epoch ms of the latest change seen before this round (changed-since remotes). */
  since: number | null;
  page: PageState | null;
  /** Epoch ms of the latest change seen in this round so far. */
  maxSeen: number | null;
  /**
   * Epoch ms of the latest change on the round's first page. An order written while a round is
   * read, on a page already read, is stamped after that page was served, so after every change on
   * the first page: a round of several pages continues from there, not from `maxSeen` (which may
   * be later than that write: it would be missed for good).
   */
  firstMax?: number | null;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The order id a shop order gets here when it does not carry ours. */
export const derivedOrderId = (remoteName: string, key: string): string => uuidv5(`${remoteName}\n${key}`, REST_ORDER_NAMESPACE);

function parseCursor(cursor: string | undefined): PullCursor {
  if (!cursor) return { since: null, page: null, maxSeen: null };
  try {
    const parsed = JSON.parse(cursor) as Partial<PullCursor>;
    return {
      since: typeof parsed.since === 'number' ? parsed.since : null,
      page: parsed.page && typeof parsed.page === 'object' ? parsed.page : null,
      maxSeen: typeof parsed.maxSeen === 'number' ? parsed.maxSeen : null,
      firstMax: typeof parsed.firstMax === 'number' ? parsed.firstMax : null,
    };
  } catch {
    // A cursor of another kind (the remote changed kind): start over; comparing makes it harmless.
    return { since: null, page: null, maxSeen: null };
  }
}

/** A change time of the remote as epoch ms, or null. */
function changeTime(value: unknown, format: 'iso' | 'epoch-ms' | 'epoch-s'): number | null {
  if (format === 'iso') {
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isFinite(ms) ? ms : null;
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) return null;
  return format === 'epoch-s' ? n * 1000 : n;
}

function formatTime(ms: number, format: 'iso' | 'epoch-ms' | 'epoch-s'): string {
  if (format === 'iso') return new Date(ms).toISOString();
  return String(format === 'epoch-s' ? Math.floor(ms / 1000) : ms);
}

const fillOf = (content: MergeContent | null, order: OrderJson | null): Fill | null =>
  content ?? (order ? mergeContentOf(order) : null);

/** Our order JSON for a version of the shop's: its content on our copy (identity and creation kept). */
function orderFrom(mapped: MappedOrder, base: Partial<OrderJson> | null, id: string, version: number, now: Date): InboundMessage['order'] {
  const { code: mappedCode, ...content } = mapped;
  return {
    ...(base ?? {}),
    ...content,
    ...computeTotals(content),
    id,
    code: base?.code ?? mappedCode ?? '',
    createdAt: base?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    version,
  };
}

export function createRestAdapter(definition: RemoteDefinition, options: RestAdapterOptions = {}): RemoteAdapter {
  const settings: RestSettings = parseRestSettings(definition.settings);
  if (!definition.url) throw new Error('a rest remote needs its url');
  const client = new RestClient({ baseUrl: definition.url, token: definition.credentials?.token, settings, fetch: options.fetch });
  const clock = options.now ?? (() => new Date());

  // ---- pull ----

  async function pull(cursor: string | undefined, context: PullContext, pullOptions: PullOptions): Promise<PullPage> {
    const now = options.now ? clock() : context.now();
    const state = parseCursor(cursor);
    const cs = settings.changedSince;
    const since = cs && state.since !== null ? formatTime(Math.max(0, state.since - cs.overlapMs), cs.format) : null;
    const page = await client.list(state.page, since, pullOptions.signal);

    let maxSeen = state.maxSeen;
    let pageMax: number | null = null;
    if (cs) {
      for (const item of page.items) {
        const t = changeTime(getPath(item, cs.field), cs.format);
        if (t !== null && (pageMax === null || t > pageMax)) pageMax = t;
      }
      if (pageMax !== null && (maxSeen === null || pageMax > maxSeen)) maxSeen = pageMax;
    }
    const firstPage = state.page === null;
    const firstMax = firstPage ? pageMax : (state.firstMax ?? null);
    const messages = await messagesFor(page.items, context, now);
    // The round is over: the next one asks from the latest change seen, or, after several pages,
    // from the latest on the first page (see firstMax); never from earlier than this one. A full
    // scan starts again.
    const nextSince = firstPage ? maxSeen : firstMax;
    const next: PullCursor = page.next
      ? { since: state.since, page: page.next, maxSeen, firstMax }
      : { since: cs ? Math.max(nextSince ?? state.since ?? 0, state.since ?? 0) || null : null, page: null, maxSeen: null, firstMax: null };
    return { messages, cursor: JSON.stringify(next), hasMore: page.next !== null };
  }

  async function messagesFor(items: unknown[], context: PullContext, now: Date): Promise<InboundMessage[]> {
    const keyed = items.flatMap((item) => {
      const key = keyOf(item, settings);
      // An order without an id cannot be told apart from any other: nothing can be said about it.
      return key ? [{ item, key, ourId: ourIdOf(item, settings) }] : [];
    });
    const byKey = keyed.length ? await context.byRemoteKey([...new Set(keyed.map((k) => k.key))]) : new Map<string, KnownOrder>();
    const ourIds = [...new Set(keyed.filter((k) => !byKey.has(k.key) && k.ourId).map((k) => k.ourId!))];
    const byId = ourIds.length ? await context.byOrderId(ourIds) : new Map<string, KnownOrder>();

    const messages: InboundMessage[] = [];
    for (const { item, key, ourId } of keyed) {
      const known = byKey.get(key) ?? (ourId ? byId.get(ourId) : undefined);
      const message = messageFor(item, key, ourId, known, now);
      if (message) messages.push(message);
    }
    return messages;
  }

  function messageFor(item: unknown, key: string, ourId: string | null, known: KnownOrder | undefined, now: Date): InboundMessage | null {
    const orderId = known?.orderId ?? ourId ?? derivedOrderId(definition.name, key);
    const change = known
      ? { state: ST.UPD as SyncState, version: known.base + 1, base: known.base }
      : { state: ST.NEW as SyncState, version: 1, base: 0 };

    if (known && known.remoteKey && known.remoteKey !== key) {
      // Two shop orders carry our id: most likely a create repeated by someone else. An admin decides.
      return { orderId, ...change, resolution: false, order: null, remoteKey: known.remoteKey, error: `the shop's orders ${known.remoteKey} and ${key} both carry this order's id in ${settings.ourIdField}` };
    }

    const mapped = toOrderJson(item, settings, known ? fillOf(known.baseContent, known.order) : null);
    if (!mapped.ok) {
      // Already waiting for an admin: saying it again every poll adds nothing.
      if (known && (known.state === ST.ERROR || known.state === ST.ERROR_SYNCED)) return null;
      return { orderId, ...change, resolution: false, order: null, remoteKey: key, error: mapped.reason };
    }
    const content = mergeContentOf(mapped.order as unknown as Record<string, unknown>);

    if (!known) {
      // A deleted order we never had is nothing to import.
      if (content.deleted) return null;
      return { orderId, ...change, resolution: false, order: orderFrom(mapped.order, null, orderId, 1, now), remoteKey: key };
    }
    const keyKnown = known.remoteKey === key;
    // Unchanged in the shop since we last agreed (an unstored key is found again through our id on the next write).
    if (known.baseContent && same(content, known.baseContent)) return null;
    if (same(content, mergeContentOf(known.order))) {
      if (keyKnown && known.base === known.version && isAgreed(known.state as SyncState)) return null;
      // The shop holds our current copy: our write reached it (its answer may have been lost).
      return {
        orderId,
        state: known.order.deleted ? ST.DEL_SYNCED : ST.OK,
        version: known.version,
        base: known.version,
        resolution: false,
        order: known.order,
        remoteKey: key,
      };
    }
    return {
      orderId,
      state: content.deleted ? ST.DEL : ST.UPD,
      version: known.base + 1,
      base: known.base,
      resolution: false,
      order: orderFrom(mapped.order, known.order, orderId, known.base + 1, now),
      remoteKey: key,
    };
  }

  // ---- push ----

  /**
   * What we sent in a create whose answer has not arrived, by order id: if the retry finds the order
   * in the shop by our id, this is what we agreed (held in memory only: after a restart, see above).
   */
  const posted = new Map<string, MergeContent>();

  async function push(messages: OutgoingMessage[], context: PushContext = {}): Promise<PushResult[]> {
    const results: PushResult[] = [];
    for (const message of messages) {
      // One order at a time, in order: a TransportError (shop down) ends the batch, and the engine retries it whole.
      const reply = carriesChange(message) ? await pushOne(message, context) : reportReply(message);
      results.push({ orderId: message.orderId, outcome: 'delivered', reply });
    }
    return results;
  }

  /** Only changes (NEW, UPD, DEL; a resolution is one) are written to the shop. */
  const carriesChange = (m: OutgoingMessage) => m.state === ST.NEW || m.state === ST.UPD || m.state === ST.DEL;

  /**
   * Acknowledgements and reports (OK, DEL_SYNCED, COLLISION, ERROR_SYNCED) tell a peer what we did;
   * a shop has no sync states and nothing of them to store. Written as changes, a COLLISION report
   * would overwrite the shop's copy the admin has yet to choose from, or, when the shop's copy
   * differs, come back as the shop's change, be reported again, and so on for ever. The seed's
   * "an error arrived" (ERROR) is confirmed as a peer would: the shop keeps its copy.
   */
  const reportReply = (m: OutgoingMessage): InboundMessage | null =>
    m.state === ST.ERROR ? { orderId: m.orderId, state: ST.ERROR_SYNCED, version: m.version, base: m.base, resolution: false, order: null } : null;

  const ack = (m: OutgoingMessage, remoteKey: string | null): InboundMessage => ({
    orderId: m.orderId,
    state: m.state === ST.DEL || m.order?.deleted ? ST.DEL_SYNCED : ST.OK,
    version: m.version,
    base: m.version,
    resolution: false,
    order: m.order,
    remoteKey,
  });

  const refusal = (m: OutgoingMessage, remoteKey: string | null, error: string): InboundMessage => ({
    orderId: m.orderId,
    state: ST.ERROR,
    version: m.version,
    base: m.base,
    resolution: false,
    order: m.order,
    remoteKey,
    error,
  });

  /** The shop's own version, as its change built on what we last agreed. */
  const remoteChange = (m: OutgoingMessage, mapped: MappedOrder, remoteKey: string): InboundMessage => ({
    orderId: m.orderId,
    state: mapped.deleted ? ST.DEL : ST.UPD,
    version: m.base + 1,
    base: m.base,
    resolution: false,
    order: orderFrom(mapped, m.order, m.orderId, m.base + 1, clock()),
    remoteKey,
  });

  /** A refusal of this one order (bad data for the shop), as opposed to a failure of the shop or of our access to it. */
  const refusesOrder = (err: unknown): err is TransportError =>
    err instanceof TransportError && err.permanent && err.status !== undefined && err.status !== 401 && err.status !== 403;

  async function pushOne(m: OutgoingMessage, context: PushContext): Promise<InboundMessage> {
    const { signal } = context;
    const deleting = m.state === ST.DEL || m.order?.deleted === true;
    if (!m.order) return refusal(m, m.remoteKey, 'the change carries no order to write');
    if (deleting && (settings.deletion.style === 'none' || settings.deletion.style === 'notFound')) {
      return refusal(m, m.remoteKey, "this shop's API cannot delete orders (the mapping has no deletion status or flag): delete or cancel it in the shop, then resolve it here");
    }
    try {
      let remoteKey = m.remoteKey;
      let base = m.baseContent;
      if (remoteKey === null && settings.ourIdField) {
        // A create whose answer was lost left the order in the shop: find it rather than create it twice.
        const found = await client.findByOurId(m.orderId, signal);
        remoteKey = found.length ? keyOf(found[0], settings) : null;
        // What we agreed with the shop is what we created there; without it (a restart since), the
        // shop's copy cannot be told from a change of its staff, and is taken as the shop's change.
        if (remoteKey !== null) base ??= posted.get(m.orderId) ?? null;
      }
      if (remoteKey === null) {
        if (deleting) return ack(m, null); // Never reached the shop: nothing to delete there.
        posted.set(m.orderId, mergeContentOf({ ...m.order, deleted: false }));
        context.beforeWrite?.(m);
        const answer = await client.create(fromOrderJson(m.order, settings, 'create'), signal);
        posted.delete(m.orderId);
        const key = settings.idCreatedBy === 'us' ? m.orderId : keyOf(answer, settings);
        if (!key) return refusal(m, null, `the shop took the order but its answer has no ${settings.idField}`);
        return ack(m, key);
      }
      const found = remoteKey !== m.remoteKey;
      const reply = await writeExisting({ ...m, baseContent: base }, m.order, remoteKey, context, found);
      posted.delete(m.orderId);
      return reply;
    } catch (err) {
      if (refusesOrder(err)) return refusal(m, m.remoteKey, err.message);
      throw err;
    }
  }

  async function writeExisting(m: OutgoingMessage, order: OrderJson, remoteKey: string, context: PushContext, found = false): Promise<InboundMessage> {
    const { signal } = context;
    const ours = mergeContentOf(order);
    for (let attempt = 1; ; attempt++) {
      const current = await client.get(remoteKey, signal);
      if (!current) {
        if (settings.deletion.style !== 'notFound') return refusal(m, remoteKey, `the shop has no order ${remoteKey} any more`);
        // Deleted in the shop: its change is the deletion of what we last agreed.
        const base = m.baseContent ?? ours;
        const gone: MappedOrder = { ...base, deleted: true } as MappedOrder;
        return remoteChange(m, gone, remoteKey);
      }
      const mapped = toOrderJson(current.item, settings, fillOf(m.baseContent, order));
      if (mapped.ok) {
        const theirs = mergeContentOf(mapped.order as unknown as Record<string, unknown>);
        // Already there (a write whose answer was lost, or both sides made the same change).
        if (same(theirs, ours)) return ack(m, remoteKey);
        // The shop changed it since we last agreed: do not overwrite; answer with its change.
        if (!m.resolution && m.baseContent && !same(theirs, m.baseContent)) return remoteChange(m, mapped.order, remoteKey);
        // Found by our id after a lost create answer, with nothing to compare it with: not ours to overwrite.
        if (!m.resolution && !m.baseContent && found) return remoteChange(m, mapped.order, remoteKey);
      } else if (!m.resolution) {
        return refusal(m, remoteKey, `the shop's order ${remoteKey} cannot be read: ${mapped.reason}`);
      }
      const body = fromOrderJson(order, settings, 'update', current.item as Record<string, unknown>);
      const ifMatch = settings.concurrency.style === 'etag' ? current.etag : null;
      context.beforeWrite?.(m);
      const written = await client.update(remoteKey, body, ifMatch, signal);
      if (written.ok) return ack(m, remoteKey);
      // 412: someone wrote between our read and our write. Read again: their change, or retry.
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new TransportError(`the shop's order ${remoteKey} keeps changing while we write it`, false, 412);
    }
  }

  return {
    kind: 'rest',
    push,
    pull,
    idlePollMs: settings.pollIntervalMs,
  };
}
