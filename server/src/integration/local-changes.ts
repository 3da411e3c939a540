import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import type { FeedItem } from '../orders/order.feed.js';
import type { FeedExtras, FeedRead, LocalChange, OrderHooks } from '../orders/order.hooks.js';
import type { Order } from '../orders/order.types.js';
import type { Principal } from '../auth/auth.service.js';
import { AppError } from '../shared/errors.js';
import { FirstReads } from './first-reads.js';
import { collisionReason, type FeedEnvelope } from './message.js';
import { loadRecordStates, type RecordState } from './records.js';
import { pushStates } from './outbox.js';
import { freshCreateWrites, markChanged } from './relay.js';
import { syncRecords } from './sync.tables.js';
import { isAgreed, needsResolution, ST, STATE_NAMES, type SyncState } from './sync-state.js';

/**
 * How often a held page looks whether a push by another process (which sends no signal) went
 * through. A push by this process wakes it at once. Each look is a read of the held orders' queue
 * entries: at 20 ms they were 14 % of this side's database time in a catch-up (231 looks in 12 s).
 */
const DELIVERY_RECHECK_MS = 250;

/** What the hooks need to know about the remotes, from the engine. */
export interface HookRemotes {
  /** Every remote a change must reach. */
  ids(): number[];
  /** The kind of a remote (peer, rest, vendure). */
  kindOf(remoteId: number): string | null;
  /** The peer remote a caller of the feed is (its accept token names it), or null. */
  peerOf(caller: Principal): { id: number; paused: boolean } | null;
  /** The peer read our feed: a hint that it is back (resumed or restarted); resolves once its pushes are due again. */
  seen(remoteId: number): Promise<void>;
  /** Resolves when a push to some remote finished (or after `ms`). */
  delivered(ms: number): Promise<unknown>;
  /** Of these orders, those whose push to this remote is under way (outbox.beingPushed). */
  beingPushed(remoteId: number, ids: string[]): Promise<Set<string>>;
}

/**
 * How the sync takes part in order writes (hooks that the Orders module calls inside its transaction):
 * a local change sets the order's state with every remote (NEW, UPD or DEL) and enqueues it, in the
 * same transaction; an order awaiting resolution with any remote refuses ordinary edits; a peer
 * reading the change feed gets each order's sync envelope with it, and only the orders it does not hold yet.
 */
export function syncOrderHooks(now: () => Date, remotes: HookRemotes): OrderHooks {
  const firstReads = new FirstReads(now);
  return {
    async beforeLocalChange(tx: Db, current: Order) {
      const rows = await tx
        .select({ state: syncRecords.state, remoteId: syncRecords.remoteId })
        .from(syncRecords)
        .where(and(eq(syncRecords.orderId, current.id), inArray(syncRecords.state, [ST.COLLISION, ST.ERROR, ST.ERROR_SYNCED])));
      // What a shop refused (ERROR with a rest or vendure remote) may be corrected here first (a
      // wrong SKU, a status it cannot take); the correction waits for the resolution (relay.ts).
      const blocked = rows.find((r) => !(r.state === ST.ERROR && remotes.kindOf(r.remoteId) !== 'peer'));
      if (blocked && needsResolution(blocked.state as SyncState)) {
        const state = STATE_NAMES[blocked.state as SyncState];
        throw new AppError('CONFLICT', `Order ${current.code} is in ${state}: resolve it (resolveCollision) before editing it`, {
          field: 'syncState',
          syncState: state,
        });
      }
    },

    async afterLocalChange(tx: Db, { before, after, replaced, fresh }: LocalChange) {
      await markChanged(tx, remotes.ids(), [{ after, isNew: !before, replaced, fresh }], now());
    },

    // A create under an id made here: its records and queue entries go in the create's own statement.
    freshCreateWrites: (order, inserted) => freshCreateWrites(remotes.ids(), order, now(), inserted),

    // No remote, nothing to mark: a create is then one statement (OrderService.create).
    wantsLocalChanges: () => remotes.ids().length > 0,

    async feedRequested(caller: Principal) {
      if (caller.kind !== 'peer') return;
      const peer = remotes.peerOf(caller);
      // Paused means nothing leaves this side, pulled or pushed; the peer retries later.
      if (peer?.paused) throw new AppError('SYNC_PAUSED', 'The sync of this instance is paused; retry later');
      // A new read of our feed by the peer: it is up, and not paused (a paused peer reads nothing).
      // What waited out a backoff is due again before the page is read, so the push carries it
      // and the page is held for it rather than carrying the same orders (a resumed catch-up).
      if (peer) await remotes.seen(peer.id);
    },

    // Only the peer reads the feed with the sync's envelope; any other reader gets the page as it is.
    feedExtrasFor: (caller: Principal) => caller.kind === 'peer',

    async feedExtras(tx: Db, orders: FeedItem[], caller: Principal, read: FeedRead): Promise<FeedExtras> {
      if (caller.kind !== 'peer') return { extras: new Map() };
      const peer = remotes.peerOf(caller);
      // Paused while a long poll was open: nothing more leaves.
      if (peer?.paused) throw new AppError('SYNC_PAUSED', 'The sync of this instance is paused; retry later');
      const ids = orders.map((o) => o.id);
      const records = peer ? await loadRecordStates(tx, peer.id, ids) : new Map<string, RecordState>();
      const extras = new Map<string, Record<string, unknown>>();
      const omit = new Set<string>();
      const heldSince = peer ? firstReads.heldSince(peer.id, read) : null;
      for (const o of orders) {
        const r = records.get(o.id);
        // An order both sides agreed on at its current version is one the peer holds already (it sent
        // it, or acknowledged it): reading it again would only be a duplicate. A reader on its first
        // read (a new peer, or one whose database was replaced) holds only what it agreed on since
        // that read began (see FirstReads), on every page of it.
        if (r && isAgreed(r.state) && r.base === o.version && (heldSince === null || (r.syncedAt !== null && r.syncedAt > heldSince))) {
          omit.add(o.id);
          continue;
        }
        const sync: FeedEnvelope = { state: r?.state ?? ST.NEW, base: r?.base ?? 0, resolution: r?.resolution ?? false, ...(r ? collisionReason(r) : {}) };
        extras.set(o.id, { sync });
      }
      // A live reader (the peer's long poll) would often read a change while our push of it is on
      // its way: the feed holds such a page a moment, then the change is agreed and omitted.
      const states = peer && read.live && extras.size ? await pushStates(tx, peer.id, [...extras.keys()], now()) : undefined;
      if (!states) return { extras, omit };
      const inFlight = new Set([...states].filter(([, state]) => state === 'in flight').map(([id]) => id));
      return { extras, omit, pending: new Set(states.keys()), inFlight };
    },

    async waitForDelivery(caller: Principal, ids: string[], ms: number) {
      const peer = remotes.peerOf(caller);
      const until = Date.now() + ms;
      while (peer && ids.length && Date.now() < until) {
        // Woken by a push finishing in this process; every DELIVERY_RECHECK_MS anyway (one in another process sends no signal).
        await remotes.delivered(Math.min(DELIVERY_RECHECK_MS, until - Date.now()));
        // Any of them through is progress: the feed reads its page again (and holds on if needed).
        if ((await remotes.beingPushed(peer.id, ids)).size < ids.length) return;
      }
    },
  };
}
