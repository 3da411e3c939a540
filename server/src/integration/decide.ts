import { seedRow } from './seed-table.js';
import { isChangeState, isDirty, isSyncState, ST, type SyncState } from './sync-state.js';

/**
 * What to do with one message from the peer: the seed table with versions in front of it.
 * Pure, so every row and every extension is unit-tested without a database.
 *
 * Versions are shared: an order's version travels with it, an edit on either side makes version+1,
 * and `base` is the last version both sides agreed on. A message says "I am in `state` at
 * `version`, built on `base`".
 */

export interface LocalView {
  state: SyncState;
  /** The order's version here. */
  version: number;
  /** The last version both sides agreed on (0 before the first acknowledgement). */
  base: number;
  /** In a collision: the version of the peer's copy we keep beside ours. */
  theirsVersion: number | null;
}

export interface IncomingView {
  /** Unchecked: the wire may carry anything. */
  state: number;
  version: number;
  base: number;
  /** The message carries an admin's resolution of a collision or error (an extension of the seed). */
  resolution: boolean;
  /** The order it carries has exactly our current content (and deletion): the same change made on both sides. */
  sameContent?: boolean;
}

export type Outcome =
  | 'applied'
  | 'merged'
  | 'acknowledged'
  | 'duplicate'
  | 'stale'
  | 'collision'
  | 'resolved'
  | 'error'
  | 'error_synced';

export interface Decision {
  /** adopt: take the peer's copy of the order; collide: keep ours and store theirs beside it; keep: leave the order. */
  action: 'adopt' | 'collide' | 'keep';
  state: SyncState;
  /** The new agreed version, when it changes. */
  base?: number;
  /** Send this side's state back (the seed's "+"). */
  reply: boolean;
  outcome: Outcome;
  /** The seed case applied, or the name of the extension. */
  rule: string;
  extension: boolean;
  /**
   * With `collide`: two concurrent edits (UPD against UPD, or DEL against DEL) that a three-way merge
   * may reconcile; a collision only if it cannot (merge-decision.ts decides).
   */
  mergeable?: boolean;
}

/** Names the seed case when the seed row says the same as the decision; otherwise it is an extension. */
const seedCase = (received: SyncState, local: SyncState | null, fallback: string, becomes?: SyncState) => {
  const r = seedRow(received, local);
  return r && (becomes === undefined || r.becomes === becomes) ? { rule: r.case, extension: false } : { rule: fallback, extension: true };
};

function error(rule: string, extension = false): Decision {
  return { action: 'keep', state: ST.ERROR, reply: true, outcome: 'error', rule, extension };
}

export function decide(local: LocalView | null, m: IncomingView): Decision {
  if (!isSyncState(m.state) || m.state === ST.SYNC) return error('invalid state on the wire', true);
  const s = m.state;

  if (s === ST.ERROR) {
    // A report from before an agreement both sides have since reached (a resolution) is old news.
    if (local && local.state !== ST.ERROR && local.state !== ST.ERROR_SYNCED && m.base < local.base) {
      return stale(local, false, 'error report from before the agreed version');
    }
    return { action: local ? 'keep' : 'adopt', state: ST.ERROR_SYNCED, reply: true, outcome: 'error_synced', ...seedCase(s, local?.state ?? null, '') };
  }
  if (s === ST.ERROR_SYNCED) {
    if (!local) return { action: 'adopt', state: ST.ERROR_SYNCED, reply: false, outcome: 'error_synced', rule: 'error known to the peer, order unknown here', extension: true };
    if (local.state === ST.ERROR) return { action: 'keep', state: ST.ERROR_SYNCED, reply: false, outcome: 'error_synced', ...seedCase(s, ST.ERROR, '') };
    if (local.state === ST.ERROR_SYNCED) return { action: 'keep', state: local.state, reply: false, outcome: 'duplicate', rule: 'repeated error acknowledgement', extension: true };
    if (m.version <= local.version) return stale(local, false, 'error report from before a resolution');
    return error('impossible combination');
  }

  if (!local) return adoptUnknown(s);

  if (local.state === ST.ERROR || local.state === ST.ERROR_SYNCED) {
    if (m.resolution && m.base >= Math.max(local.version, local.theirsVersion ?? 0)) return resolved(s);
    if (m.version <= Math.max(local.version, local.theirsVersion ?? 0)) return stale(local, false, 'news older than the error');
    return error('impossible combination');
  }

  if (local.state === ST.COLLISION) {
    if (m.resolution && m.base >= Math.max(local.version, local.theirsVersion ?? 0)) return resolved(s);
    if (isChangeState(s)) {
      return { action: 'collide', state: ST.COLLISION, reply: true, outcome: 'collision', ...seedCase(s, ST.COLLISION, 'collision repeat') };
    }
    if (s === ST.COLLISION) return { action: 'collide', state: ST.COLLISION, reply: false, outcome: 'duplicate', ...seedCase(s, ST.COLLISION, '') };
    return stale(local, false, 'acknowledgement from before the collision');
  }

  // Anything at or below the agreed version is old news: duplicated or overtaken on the way.
  if (isChangeState(s) && m.version <= local.base) {
    const row = seedRow(s, local.state);
    return { action: 'keep', state: local.state, reply: true, outcome: 'duplicate', rule: row?.repeat ? row.case : 'repeat of an agreed change', extension: !row?.repeat };
  }
  if (!isChangeState(s) && m.version < local.base) return stale(local, false, 'acknowledgement of a superseded version');
  // A collision is always about a change above the agreed version; one at or below it predates
  // that agreement (or the resolution that set it).
  if (s === ST.COLLISION && m.version <= local.base) return stale(local, false, 'collision report from before the agreed version');

  if (isChangeState(s)) return decideChange(local, m, s);
  if (s === ST.OK || s === ST.DEL_SYNCED) return decideAck(local, m, s);
  return decideCollisionReport(local, m);
}

/** The peer changed the order (NEW, UPD or DEL) to `version`, starting from `base`. */
function decideChange(local: LocalView, m: IncomingView, s: SyncState): Decision {
  const adoptedState = s === ST.DEL ? ST.DEL_SYNCED : ST.OK;
  if (m.base >= local.version && m.version > local.version) {
    // Built on exactly what we hold (or newer): not concurrent, even if our own change is unacknowledged,
    // because the peer could only build on it after receiving it.
    if (local.state === ST.DEL_SYNCED) return error('impossible combination');
    return { action: 'adopt', state: adoptedState, base: m.version, reply: true, outcome: 'applied', ...seedCase(s, local.state, 'change built on our latest version', adoptedState) };
  }
  if (!isDirty(local.state)) {
    if (m.version <= local.version) {
      const row = seedRow(s, local.state);
      return { action: 'keep', state: local.state, reply: true, outcome: 'duplicate', rule: row?.repeat ? row.case : 'older change', extension: !row?.repeat };
    }
    if (local.state === ST.DEL_SYNCED) return error('impossible combination');
    // We hold an agreed version and changed nothing since. If the peer's base is older, its
    // acknowledgement of our agreement got lost: we agreed by adopting the peer's own version
    // (had the peer adopted ours, its base would be ours), so this change descends from it.
    return { action: 'adopt', state: adoptedState, base: m.version, reply: true, outcome: 'applied', rule: 'change following a version we adopted (its acknowledgement lost)', extension: true };
  }
  // Concurrent with our unacknowledged change. The same change made on both sides is no conflict:
  // both hold the same content, and the newer version is the one both keep.
  if (m.sameContent) {
    if (m.version === local.version) {
      return { action: 'keep', state: adoptedState, base: m.version, reply: true, outcome: 'acknowledged', rule: 'the same change made on both sides', extension: true };
    }
    if (m.version > local.version) {
      return { action: 'adopt', state: adoptedState, base: m.version, reply: true, outcome: 'applied', rule: 'the same change made on both sides (theirs newer)', extension: true };
    }
    return { action: 'keep', state: local.state, reply: true, outcome: 'duplicate', rule: 'the same change made on both sides (ours newer)', extension: true };
  }
  const mergeable = (local.state === ST.UPD && s === ST.UPD) || (local.state === ST.DEL && s === ST.DEL);
  return { action: 'collide', state: ST.COLLISION, reply: true, outcome: 'collision', mergeable, ...seedCase(s, local.state, 'concurrent changes') };
}

/** The peer reports it holds `version` as agreed (OK, or DEL_SYNCED for a tombstone). */
function decideAck(local: LocalView, m: IncomingView, s: SyncState): Decision {
  if (isDirty(local.state)) {
    const matches = s === ST.OK ? local.state !== ST.DEL : local.state === ST.DEL;
    if (m.version === local.version && matches) {
      return { action: 'keep', state: s, base: m.version, reply: false, outcome: 'acknowledged', ...seedCase(s, local.state, 'acknowledged') };
    }
    if (m.version < local.version) {
      // An acknowledgement of an earlier version: the newer change stays pending.
      const state = local.state === ST.NEW ? ST.UPD : local.state;
      return { action: 'keep', state, base: Math.max(local.base, m.version), reply: false, outcome: 'acknowledged', rule: 'acknowledgement of an earlier version', extension: true };
    }
    if (m.version === local.version) return stale(local, false, 'acknowledgement of another kind');
    return { action: 'collide', state: ST.COLLISION, reply: true, outcome: 'collision', rule: 'peer agreed on a version we never had, ours unsent', extension: true };
  }
  if (m.version < local.version) return stale(local, false, 'acknowledgement of a superseded version');
  if (m.version === local.version) {
    if (s === local.state) return { action: 'keep', state: local.state, reply: false, outcome: 'duplicate', rule: 'repeated acknowledgement', extension: true };
    return error('impossible combination');
  }
  if (local.state === ST.DEL_SYNCED) return error('impossible combination');
  return { action: 'adopt', state: s, base: m.version, reply: false, outcome: 'applied', rule: 'agreed version we missed (re-learn)', extension: true };
}

/** The peer reports a collision. */
function decideCollisionReport(local: LocalView, m: IncomingView): Decision {
  if (isDirty(local.state)) {
    return { action: 'collide', state: ST.COLLISION, reply: false, outcome: 'collision', ...seedCase(ST.COLLISION, local.state, '') };
  }
  if (m.version <= local.version) return stale(local, false, 'collision report from before a resolution');
  return { action: 'collide', state: ST.COLLISION, reply: false, outcome: 'collision', rule: 'collision report about a newer version', extension: true };
}

/** An order we do not hold: learn it whatever its state (a first sync, or a peer re-teaching a reset side). */
function adoptUnknown(s: SyncState): Decision {
  switch (s) {
    case ST.NEW:
      return { action: 'adopt', state: ST.OK, reply: true, outcome: 'applied', ...seedCase(s, null, '') };
    case ST.UPD:
      return { action: 'adopt', state: ST.OK, reply: true, outcome: 'applied', rule: 'unknown order updated (re-learn)', extension: true };
    case ST.DEL:
      return { action: 'adopt', state: ST.DEL_SYNCED, reply: true, outcome: 'applied', rule: 'unknown order deleted (re-learn)', extension: true };
    case ST.COLLISION:
      return { action: 'adopt', state: ST.COLLISION, reply: false, outcome: 'collision', rule: 'unknown order in collision (re-learn)', extension: true };
    default:
      return { action: 'adopt', state: s, reply: false, outcome: 'applied', rule: 'agreed order we do not hold (re-learn)', extension: true };
  }
}

function resolved(s: SyncState): Decision {
  const state = s === ST.DEL ? ST.DEL_SYNCED : ST.OK;
  return { action: 'adopt', state, reply: true, outcome: 'resolved', rule: 'resolution', extension: true };
}

function stale(local: LocalView, reply: boolean, rule: string): Decision {
  return { action: 'keep', state: local.state, reply, outcome: 'stale', rule, extension: true };
}
