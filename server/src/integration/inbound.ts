import type { SQLWrapper } from 'drizzle-orm';
import { together } from '../db/statements.js';
import type { Db } from '../db/types.js';
import type { KnownOrders, OrderService, ReplicaOrder } from '../orders/order.service.js';
import { orderJson } from '../orders/order.rest.js';
import { AppError } from '../shared/errors.js';
import { computeTotals } from '../orders/order.types.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { decide, type Decision, type LocalView, type Outcome } from './decide.js';
import { describeMerge, type MergeContent } from './merge.js';
import { decideMerge, DEFAULT_MERGE_POLICY, type MergePolicy } from './merge-decision.js';
import { annotations, mergeContentOf, replicaOf, wireMessageSchema, type OrderJson, type SyncMessage, type WireMerge } from './message.js';
import { dropQueuedQuery, enqueueEntries } from './outbox.js';
import { markChanged } from './relay.js';
import type { InboundMessage } from './remote-adapter.js';
import { newRecord, recordFromJson, recordJsonOf, ownVersionsAbove, saveRecordsQuery, writtenAbove, type MergeInfo, type SyncRecord } from './records.js';
import { writeLog, writeLogQuery, type LogEntry } from './sync-log.js';
import { isAgreed, needsResolution, ST } from './sync-state.js';

/**
 * Applies messages from the peer: the seed table (via decide.ts) in one transaction per batch.
 *
 * `request`: the peer pushed them; the "+" replies go back in the HTTP response.
 * `response` and `pull`: they came back to us; the replies go through the outbox like any message.
 */
export type InboundMode = 'request' | 'response' | 'pull';

export interface MessageResult {
  orderId: string;
  outcome: Outcome | 'rejected';
  reply: SyncMessage | null;
  error?: string;
}

export interface InboundDeps {
  orders: OrderService;
  /** The remote the messages come from. */
  remoteId: number;
  /** The other remotes: what is adopted from this one is relayed to them. */
  relayTo(): number[];
  now: () => Date;
  /** When and how concurrent changes are merged (default: always when they do not conflict). */
  mergePolicy?: MergePolicy;
  /** This instance's name and the peer's, for the log and the admin ("status from A, note from B"). */
  names?: { local: string; remote: string };
}

interface Parsed {
  msg: {
    orderId: string;
    state: number;
    version: number;
    base: number;
    resolution: boolean;
    order: Record<string, unknown> | null;
    merge?: WireMerge;
    /** A collision's reason, as the sender words it (informative). */
    reason?: string;
    /** Set by our own adapters only (rest, vendure), never taken from the wire. */
    remoteKey?: string | null;
    error?: string;
    /** Translated by an adapter from a remote without versions (its version is inferred, not told). */
    translated?: boolean;
    /** The remote holds one of our own versions (see ownVersionHeld). */
    heldOwn?: boolean;
  };
  replica: ReplicaOrder | null;
}

/** Per order while a batch is applied: where it stands after the messages seen so far. */
interface Working {
  json: OrderJson | null;
  version: number;
  record: SyncRecord | null;
  adopted: ReplicaOrder | null;
  changed: boolean;
}

/**
 * `trusted`: the messages come from one of our own adapters (a REST API or a shop translated into
 * messages), so their `remoteKey` and `error` count; from the wire (a peer) they never do.
 * `known`: orders the caller has just read (a push's own, for its replies); those unchanged since are not read again.
 */
export async function applyMessages(deps: InboundDeps, raw: unknown[], mode: InboundMode, trusted: InboundMessage[] | null = null, known?: KnownOrders): Promise<MessageResult[]> {
  const results: (MessageResult | null)[] = [];
  const valid: { index: number; parsed: Parsed }[] = [];
  raw.forEach((item, index) => {
    const t = trusted?.[index];
    const checked = check(deps, t ? completeOrder(t, deps.now()) : item);
    if (t && 'msg' in checked) Object.assign(checked.msg, { remoteKey: t.remoteKey ?? undefined, error: t.error, translated: true });
    if ('error' in checked) results[index] = { orderId: checked.orderId, outcome: 'rejected', reply: null, error: checked.error };
    else valid.push({ index, parsed: checked });
  });
  if (valid.length) {
    const applied = await applyValid(deps, valid.map((v) => v.parsed), mode, known);
    valid.forEach((v, i) => (results[v.index] = applied[i]!));
  }
  // Rejected messages changed nothing, but the admin must be able to see them.
  const rejected = (results as MessageResult[]).filter((r) => r.outcome === 'rejected' && /^[0-9a-f-]{36}$/i.test(r.orderId));
  if (rejected.length) {
    const at = deps.now();
    await writeLog(
      deps.orders.db,
      rejected.map((r) => ({ at, remoteId: deps.remoteId, direction: 'in', orderId: r.orderId, outcome: 'rejected', detail: `${mode}: ${r.error ?? 'rejected'}`.slice(0, 500) })),
    );
  }
  return results as MessageResult[];
}

/** A message that cannot be applied (malformed, or an order that fails validation) is a poison message: rejected alone. */
function check(deps: InboundDeps, item: unknown): Parsed | { orderId: string; error: string } {
  const orderId = typeof (item as { orderId?: unknown })?.orderId === 'string' ? (item as { orderId: string }).orderId : '';
  const parsed = wireMessageSchema.safeParse(item);
  if (!parsed.success) {
    return { orderId, error: `malformed message: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'message'} ${i.message}`).join('; ')}` };
  }
  const msg = parsed.data;
  const replica = replicaOf(msg);
  // An adapter's report that the remote refused or cannot be mapped: there may be no order to check.
  if ((item as { error?: unknown }).error && !replica) return { msg, replica: null };
  if (replica) {
    if (replica.id !== msg.orderId) return { orderId, error: 'order.id differs from orderId' };
    if (replica.version !== msg.version) return { orderId, error: 'order.version differs from version' };
    const invalid = deps.orders.checkReplica(replica);
    if (invalid) return { orderId, error: invalid.message };
  }
  return { msg, replica };
}

async function applyValid(deps: InboundDeps, batch: Parsed[], mode: InboundMode, known: KnownOrders | undefined): Promise<MessageResult[]> {
  try {
    return await deps.orders.transaction((tx) => applyInTransaction(deps, tx, batch, mode, known));
  } catch (err) {
    // Only the message's own fault makes it poison; a database outage or a deadlock is retried
    // by the sender like any other failure, never parked.
    if (!isPoison(err)) throw err;
    if (batch.length === 1) {
      return [{ orderId: batch[0]!.msg.orderId, outcome: 'rejected', reply: null, error: describePoison(err) }];
    }
    // One bad message must not hold up the others: apply them one by one to isolate it.
    const out: MessageResult[] = [];
    for (const one of batch) out.push(...(await applyValid(deps, [one], mode, known)));
    return out;
  }
}

/** Errors that the same message will meet again however often it is retried. */
function isPoison(err: unknown): boolean {
  if (err instanceof AppError) return true;
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    // SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation).
    if (typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

/** The reason in words, without the SQL text a query error carries. */
function describePoison(err: unknown): string {
  if (err instanceof AppError) return err.message;
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (typeof (e as { code?: unknown }).code === 'string' && e instanceof Error) return `the database refused it: ${e.message}`;
  }
  return 'the database refused it';
}

async function applyInTransaction(deps: InboundDeps, tx: Db, batch: Parsed[], mode: InboundMode, known: KnownOrders | undefined): Promise<MessageResult[]> {
  const ids = [...new Set(batch.map((p) => p.msg.orderId))].sort();
  // Locks every id, existing or not: two processes, or a local create with the same id, never
  // write the same order at once. Then the orders and their records, in one statement (with
  // `known`, their stamps and records, and only the orders changed since read whole).
  const held = await deps.orders.lockForSyncWith(tx, ids, (orderId) => recordJsonOf(deps.remoteId, orderId), known);
  const now = deps.now();
  const working = new Map<string, Working>(
    ids.map((id) => {
      const found = held.get(id);
      const order = found?.order;
      const record = found?.alongside ? recordFromJson(found.alongside) : null;
      return [id, { json: order ? orderJson(order) : null, version: order?.version ?? 0, record, adopted: null, changed: false }];
    }),
  );

  const logs: LogEntry[] = [];
  /** `bare`: the reply acknowledges exactly the order the message carried, so it need not carry it back. */
  const outcomes: { orderId: string; outcome: MessageResult['outcome']; reply: boolean; bare?: boolean; error?: string }[] = [];
  for (const { msg, replica } of batch) {
    const w = working.get(msg.orderId)!;
    if (msg.error) {
      // The remote refused our change, or holds an order we cannot map: ERROR for this remote, both
      // copies kept, resolved like a collision. Nothing of the order changes here.
      const record: SyncRecord = w.record ?? newRecord(deps.remoteId, msg.orderId, now);
      const next: SyncRecord = {
        ...record,
        state: ST.ERROR,
        reason: msg.error.slice(0, 500),
        remoteKey: msg.remoteKey ?? record.remoteKey,
        theirs: msg.order ?? record.theirs,
        theirsVersion: msg.order ? msg.version : record.theirsVersion,
        resolution: false,
        updatedAt: now,
      };
      const changed = record.state !== ST.ERROR || record.reason !== next.reason || !w.record || next.theirsVersion !== record.theirsVersion;
      if (changed) {
        w.record = next;
        w.changed = true;
        logs.push({ at: now, remoteId: deps.remoteId, direction: 'in', orderId: msg.orderId, messageState: ST.ERROR, version: msg.version, base: msg.base, stateBefore: record.state, stateAfter: ST.ERROR, outcome: 'error', detail: `${mode}: ${msg.error}`.slice(0, 500) });
      }
      outcomes.push({ orderId: msg.orderId, outcome: 'error', reply: false });
      continue;
    }
    const theirs = msg.order ? mergeContentOf(msg.order) : null;
    const ours = w.json ? mergeContentOf(w.json) : null;
    if (msg.translated && theirs && w.record) Object.assign(msg, ownVersionHeld(w.record, theirs, msg));
    const local: LocalView | null = w.json
      ? {
          state: w.record?.state ?? ST.NEW,
          version: w.version,
          base: w.record?.base ?? 0,
          theirsVersion: w.record?.theirsVersion ?? null,
        }
      : null;
    const sameContent = Boolean(theirs && ours && canonicalJson(theirs) === canonicalJson(ours));
    let d: Decision = decide(local, { ...msg, sameContent });
    if (d.action === 'keep' && sameContent && !needsResolution(d.state) && msg.version === w.version && String(msg.order!.updatedAt) > String(w.json!.updatedAt)) {
      // The same version with the same content (the same change made on both sides, or its
      // acknowledgement): the later edit time is the one both keep, so both copies end identical.
      d = { ...d, action: 'adopt', base: d.base ?? local!.base };
    }
    if (d.action === 'adopt' && !replica) {
      outcomes.push({ orderId: msg.orderId, outcome: 'rejected', reply: false, error: 'the message carries no order to adopt' });
      continue;
    }
    if (!local && d.action !== 'adopt') {
      outcomes.push({ orderId: msg.orderId, outcome: 'rejected', reply: false, error: 'an invalid message about an order this side does not hold' });
      continue;
    }
    const before = local?.state ?? null;
    const record: SyncRecord = w.record ?? newRecord(deps.remoteId, msg.orderId, now);
    const next: SyncRecord = { ...record, state: d.state, updatedAt: now, remoteKey: msg.remoteKey ?? record.remoteKey };
    let detail = `${mode}: ${d.rule}${d.extension ? ' (extension)' : ''}`;

    const merge = d.action === 'collide' && d.mergeable && local && ours && theirs && msg.order ? tryMerge(deps, w, record, msg, ours, theirs) : null;
    if (merge?.merged) {
      const merged = merge.decision;
      const json = mergedJson(w.json!, merged.content, merged.version, merged.updatedAt);
      w.adopted = replicaOf({ orderId: msg.orderId, version: merged.version, order: json });
      w.json = json;
      w.version = merged.version;
      const names = deps.names ?? { local: 'this side', remote: 'the peer' };
      Object.assign(next, {
        state: merged.content.deleted ? ST.DEL : ST.UPD,
        base: merged.base,
        baseContent: merged.baseContent,
        ownVersions: merged.ownVersions,
        writtenVersions: writtenAbove(record.writtenVersions, merged.base, merged.ownVersions),
        resolution: false,
        theirs: null,
        theirsVersion: null,
        reason: null,
        merge: {
          at: now.toISOString(),
          version: merged.version,
          mergedBy: names.local,
          from: [
            { name: names.local, version: local!.version },
            { name: names.remote, version: msg.version },
          ],
          changes: Object.fromEntries(Object.entries(merged.changes).map(([path, o]) => [path, o === 'both' ? 'both' : o === 'ours' ? names.local : names.remote])),
        } satisfies MergeInfo,
      });
      d = { action: 'adopt', state: next.state, base: merged.base, reply: true, outcome: 'merged', rule: 'concurrent changes merged', extension: true };
      detail = `${mode}: concurrent changes merged into v${merged.version}: ${describeMerge(merged.changes, { ours: names.local, theirs: names.remote })}`;
    } else if (d.action === 'adopt') {
      w.adopted = replica;
      w.json = msg.order as OrderJson;
      w.version = msg.version;
      next.base = d.base ?? msg.version;
      next.resolution = false;
      next.theirs = d.state === ST.COLLISION ? msg.order : null;
      next.theirsVersion = d.state === ST.COLLISION ? msg.version : null;
      // A collision the peer found: its reason (see the collide case below).
      next.reason = d.state === ST.COLLISION ? (msg.reason ?? d.rule) : d.state === ST.ERROR ? d.rule : null;
      // What we adopted is what both sides now hold: the next merge's ancestor. A merge made by the
      // peer comes with what it merged, for the admin.
      next.baseContent = d.state === ST.OK || d.state === ST.DEL_SYNCED ? theirs : null;
      next.ownVersions = ownVersionsAbove(record.ownVersions, next.base);
      next.writtenVersions = writtenAbove(record.writtenVersions, next.base, next.ownVersions);
      next.merge = msg.merge && msg.merge.version === msg.version ? msg.merge : null;
    } else if (d.action === 'collide') {
      // A collision the peer found and reports (msg.reason): its words, which say which field and rule.
      if (record.state !== ST.COLLISION) next.reason = msg.reason ?? (merge && !merge.merged ? `${d.rule}: ${merge.why}` : d.rule);
      next.resolution = false;
      if (msg.order && (record.theirsVersion === null || msg.version >= record.theirsVersion || record.state !== ST.COLLISION)) {
        next.theirs = msg.order;
        next.theirsVersion = msg.version;
      }
    } else {
      if (d.base !== undefined && d.base !== record.base) {
        next.base = d.base;
        // An acknowledgement names the version both sides now hold; its content is the next merge's
        // ancestor: the order it carries, or ours at that version (an acknowledgement may come bare).
        next.baseContent = theirs && msg.version === d.base ? theirs : d.base === w.version ? ours : (record.ownVersions?.[String(d.base)] ?? null);
        next.ownVersions = ownVersionsAbove(record.ownVersions, d.base);
        next.writtenVersions = writtenAbove(record.writtenVersions, d.base, next.ownVersions);
      }
      if (d.state === ST.OK || d.state === ST.DEL_SYNCED) next.resolution = false;
      if (d.state === ST.ERROR && record.state !== ST.ERROR) next.reason = d.rule;
    }
    if ((d.state === ST.ERROR || d.state === ST.ERROR_SYNCED) && msg.order && msg.version >= (next.theirsVersion ?? 0)) {
      // Like a collision, an error keeps the peer's copy, so an admin can take it and a resolution
      // can be placed above both versions.
      next.theirs = msg.order;
      next.theirsVersion = msg.version;
    }
    if (d.outcome === 'applied' || d.outcome === 'acknowledged' || d.outcome === 'resolved' || d.outcome === 'merged') next.syncedAt = now;
    const changed =
      d.action !== 'keep' ||
      next.state !== record.state ||
      next.base !== record.base ||
      next.resolution !== record.resolution ||
      next.theirsVersion !== record.theirsVersion ||
      !w.record;
    if (changed) {
      w.record = next;
      w.changed = true;
    }
    logs.push({
      at: now,
      remoteId: deps.remoteId,
      direction: 'in',
      orderId: msg.orderId,
      messageState: msg.state,
      version: msg.version,
      base: msg.base,
      stateBefore: before,
      stateAfter: (w.record ?? next).state,
      outcome: d.outcome,
      detail: detail.slice(0, 500),
    });
    // The remote took an earlier version of ours: the later one must still go (a peer would have it
    // in flight; a remote without versions only gets what we send again).
    const resend = msg.heldOwn === true && w.version > msg.version && !needsResolution(d.state);
    // We took the peer's order as it came (not merged) and agree on it: the acknowledgement needs
    // no copy of it (a catch-up's replies would otherwise carry every order back to be validated
    // and dropped). The peer knows that version's content: it sent it.
    const bare = d.action === 'adopt' && w.json === msg.order && isAgreed(d.state) && (w.record ?? next).base === msg.version;
    outcomes.push({ orderId: msg.orderId, outcome: d.outcome, reply: d.reply || resend, bare });
  }

  const wanted = outcomes.filter((o) => o.reply);
  // The remote acknowledged the version we hold: a push of it still queued (the remote pulled it
  // before our push went out) would only be a duplicate. Nothing else can be owed to it for that order.
  const wantedIds = new Set(wanted.map((o) => o.orderId));
  const settled = outcomes.filter((o) => {
    const w = working.get(o.orderId)!;
    return o.outcome === 'acknowledged' && !wantedIds.has(o.orderId) && w.record && isAgreed(w.record.state) && w.record.base === w.version && !w.record.resolution;
  });
  // The records, the log and the queue in one statement (together()): the orders queued and those
  // dropped from the queue are disjoint (settled excludes wanted).
  const changedRecords = [...working.values()].flatMap((w) => (w.changed && w.record ? [w.record] : []));
  const writes: SQLWrapper[] = [];
  if (changedRecords.length) writes.push(saveRecordsQuery(changedRecords));
  if (logs.length) writes.push(writeLogQuery(logs));
  if (settled.length) writes.push(dropQueuedQuery(deps.remoteId, settled.map((o) => o.orderId)));
  const queued = mode === 'request' ? [] : [...wantedIds].map((orderId) => ({ remoteId: deps.remoteId, orderId }));

  const adopted = [...working.values()].flatMap((w) => (w.adopted ? [w.adopted] : []));
  const relayTo = deps.relayTo();
  if (relayTo.length === 0 && queued.length === 0) {
    // The usual apply of a peer's push: the orders, their lines and the writes above in one statement.
    await deps.orders.applyReplicas(tx, adopted, { readBack: false, alongside: writes });
  } else {
    const written = await deps.orders.applyReplicas(tx, adopted, { readBack: relayTo.length > 0 });
    // Relay: what this remote brought reaches every other remote, as a change of ours would.
    await markChanged(
      tx,
      relayTo,
      written.map((after) => ({ after, isNew: !held.has(after.id) })),
      now,
    );
    if (queued.length) await enqueueEntries(tx, queued, now, writes);
    else if (writes.length) await tx.execute(together(writes));
  }
  return outcomes.map((o) => ({
    orderId: o.orderId,
    outcome: o.outcome,
    error: o.error,
    reply: mode === 'request' && o.reply ? replyFor(working.get(o.orderId)!, o.bare === true) : null,
  }));
}

/** A three-way merge of the peer's concurrent change with ours, if the policy and the ancestor allow one. */
function tryMerge(deps: InboundDeps, w: Working, record: SyncRecord, msg: Parsed['msg'], ours: MergeContent, theirs: MergeContent) {
  const decision = decideMerge(
    { version: w.version, base: record.base, baseContent: record.baseContent, ownVersions: record.ownVersions, content: ours, updatedAt: String(w.json!.updatedAt) },
    { version: msg.version, base: msg.base, content: theirs, updatedAt: String(msg.order!.updatedAt) },
    deps.mergePolicy ?? DEFAULT_MERGE_POLICY,
  );
  return decision.merged ? { merged: true as const, decision } : { merged: false as const, why: decision.why };
}

/** Our order JSON with the merged content, version and time (totals recomputed). */
function mergedJson(current: OrderJson, content: MergeContent, version: number, updatedAt: string): OrderJson {
  const { deleted, ...fields } = content;
  const lines = fields.lines;
  const totals = computeTotals({ lines, shippingCost: fields.shippingCost });
  return { ...current, ...(fields as unknown as Partial<OrderJson>), ...totals, version, updatedAt, deleted };
}

function replyFor(w: Working, bare: boolean): SyncMessage | null {
  if (!w.json || !w.record) return null;
  return {
    orderId: w.record.orderId,
    state: w.record.state,
    version: w.version,
    base: w.record.base,
    resolution: w.record.resolution,
    order: bare ? null : w.json,
    ...annotations(w.record, w.version),
  };
}

/** An adapter's message may leave out what only a copy of this service knows (id, version, times): fill them in. */
function completeOrder(m: InboundMessage, now: Date): InboundMessage {
  if (!m.order) return m;
  const at = now.toISOString();
  return {
    ...m,
    order: { ...m.order, id: m.order.id ?? m.orderId, version: m.version, code: m.order.code ?? '', createdAt: m.order.createdAt ?? at, updatedAt: m.order.updatedAt ?? at },
  };
}

/**
 * A remote without versions (rest, vendure) that holds exactly one of our own versions above the
 * agreed one took our write, though its answer was lost (or not yet taken in): that is an
 * acknowledgement of that version, not the remote's change. Taken for a change, a field changed
 * A -> X -> A here would come back as X. Only versions a write request carried count: one that
 * never went out (its send failed before the write) can only be there because the remote's staff
 * made the same change, and that change must not be taken for ours (our later version would then
 * overwrite it).
 */
function ownVersionHeld(record: SyncRecord, theirs: MergeContent, msg: Parsed['msg']): Partial<Parsed['msg']> {
  if ((msg.state !== ST.UPD && msg.state !== ST.DEL) || !record.ownVersions) return {};
  const wanted = canonicalJson(theirs);
  const written = record.writtenVersions === null ? null : new Set(record.writtenVersions);
  const held = Object.entries(record.ownVersions)
    .filter(([v, content]) => Number(v) > record.base && (written === null || written.has(Number(v))) && canonicalJson(content) === wanted)
    .map(([v]) => Number(v));
  if (held.length === 0) return {};
  const version = Math.max(...held);
  return { state: theirs.deleted ? ST.DEL_SYNCED : ST.OK, version, base: version, heldOwn: true };
}

