import { ST, type SyncState } from './sync-state.js';

/**
 * The seed's transition table, row for row: what the local state becomes when an object in state
 * `received` arrives while the local copy is in `local` (null: we do not have it), and whether this
 * side then sends its own state back (`reply`, the seed's "+"). `repeat` marks the seed's "*" rows,
 * duplicates that must be harmless. Combinations that are not here are errors (ST_ERROR).
 *
 * This table has no versions; decide.ts puts the version checks in front of it.
 */
export interface SeedRow {
  received: SyncState;
  /** 'any' matches every local state, absent included. */
  local: SyncState | null | 'any';
  becomes: SyncState;
  reply: boolean;
  repeat: boolean;
  case: string;
}

const row = (received: SyncState, local: SyncState | null | 'any', becomes: SyncState, reply: boolean, kase: string, repeat = false): SeedRow => ({
  received,
  local,
  becomes,
  reply,
  repeat,
  case: kase,
});

export const SEED_TABLE: readonly SeedRow[] = [
  row(ST.NEW, ST.NEW, ST.COLLISION, true, 'uuid collision'),
  row(ST.NEW, ST.OK, ST.OK, true, 'repeat', true),
  row(ST.NEW, ST.COLLISION, ST.COLLISION, true, 'collision repeat', true),
  row(ST.NEW, null, ST.OK, true, 'a new object arrived: create ours'),
  row(ST.UPD, ST.UPD, ST.COLLISION, true, 'collision update/update'),
  row(ST.UPD, ST.OK, ST.OK, true, 'a changed object arrived: update ours'),
  row(ST.UPD, ST.DEL, ST.COLLISION, true, 'collision update/delete'),
  row(ST.UPD, ST.COLLISION, ST.COLLISION, true, 'collision repeat', true),
  row(ST.OK, ST.NEW, ST.OK, false, 'creation synced'),
  row(ST.OK, ST.UPD, ST.OK, false, 'update synced'),
  row(ST.DEL, ST.UPD, ST.COLLISION, true, 'collision delete/update'),
  row(ST.DEL, ST.OK, ST.DEL_SYNCED, true, 'a deleted object arrived'),
  row(ST.DEL, ST.DEL, ST.COLLISION, true, 'collision delete/delete'),
  row(ST.DEL, ST.DEL_SYNCED, ST.DEL_SYNCED, true, 'repeat', true),
  row(ST.DEL, ST.COLLISION, ST.COLLISION, true, 'repeat', true),
  row(ST.DEL_SYNCED, ST.DEL, ST.DEL_SYNCED, false, 'deletion synced'),
  row(ST.COLLISION, ST.NEW, ST.COLLISION, false, 'collision synced'),
  row(ST.COLLISION, ST.UPD, ST.COLLISION, false, 'collision synced'),
  row(ST.COLLISION, ST.DEL, ST.COLLISION, false, 'collision synced'),
  row(ST.COLLISION, ST.COLLISION, ST.COLLISION, false, 'repeat', true),
  row(ST.ERROR, 'any', ST.ERROR_SYNCED, true, 'an error arrived'),
  row(ST.ERROR_SYNCED, ST.ERROR, ST.ERROR_SYNCED, false, 'error synced'),
];

/** The seed row for a combination, or null: "every other combination is an error". */
export function seedRow(received: SyncState, local: SyncState | null): SeedRow | null {
  return SEED_TABLE.find((r) => r.received === received && (r.local === 'any' || r.local === local)) ?? null;
}

/** The seed's answer for a combination, with the error fallback applied. */
export function seedTransition(received: SyncState, local: SyncState | null): { becomes: SyncState; reply: boolean; case: string } {
  const found = seedRow(received, local);
  return found ?? { becomes: ST.ERROR, reply: true, case: 'impossible combination' };
}
