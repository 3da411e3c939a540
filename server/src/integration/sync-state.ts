/** The seed's record sync states (codes 1 to 9), see ../shared/seed and docs/two-way-sync.md. */
export const ST = {
  NEW: 1,
  UPD: 2,
  OK: 3,
  DEL: 4,
  DEL_SYNCED: 5,
  COLLISION: 6,
  ERROR: 7,
  ERROR_SYNCED: 8,
  /**
   * Transient "being applied". The Django original stored it as a lock; here a received message is
   * applied inside one transaction holding the order's row lock, so ST_SYNC is never stored, never
   * visible to anyone else and never valid on the wire.
   */
  SYNC: 9,
} as const;

export type SyncState = (typeof ST)[keyof typeof ST];
export type SyncStateName = keyof typeof ST;

export const STATE_NAMES: Record<SyncState, SyncStateName> = Object.fromEntries(
  Object.entries(ST).map(([name, code]) => [code, name]),
) as Record<SyncState, SyncStateName>;

export const isSyncState = (value: unknown): value is SyncState =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 9;

/** States holding a local change the peer has not acknowledged yet. */
export const isDirty = (state: SyncState): boolean => state === ST.NEW || state === ST.UPD || state === ST.DEL;

/** States in which both sides hold the same version (`base` says which). */
export const isAgreed = (state: SyncState): boolean => state === ST.OK || state === ST.DEL_SYNCED;

/** States that carry a change (as opposed to an acknowledgement or a report). */
export const isChangeState = isDirty;

/** States in which ordinary edits are refused until an admin resolves the order. */
export const needsResolution = (state: SyncState): boolean =>
  state === ST.COLLISION || state === ST.ERROR || state === ST.ERROR_SYNCED;
