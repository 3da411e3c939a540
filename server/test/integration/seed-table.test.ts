import { describe, expect, it } from 'vitest';
import { decide, type IncomingView, type LocalView } from '../../src/integration/decide.js';
import { seedRow, seedTransition } from '../../src/integration/seed-table.js';

/**
 * The seed's sync state table (shared/seed/README.md), copied here BY HAND from the README so the
 * expectations do not come from the code under test. Pure: no database.
 */

// Codes as the seed numbers them (README "Record sync states").
const NEW = 1;
const UPD = 2;
const OK = 3;
const DEL = 4;
const DEL_SYNCED = 5;
const COLLISION = 6;
const ERROR = 7;
const ERROR_SYNCED = 8;
const SYNC = 9;

const NAMES: Record<number, string> = {
  1: 'ST_NEW',
  2: 'ST_UPD',
  3: 'ST_OK',
  4: 'ST_DEL',
  5: 'ST_DEL_SYNCED',
  6: 'ST_COLLISION',
  7: 'ST_ERROR',
  8: 'ST_ERROR_SYNCED',
  9: 'ST_SYNC',
};
const nameOf = (code: number | null) => (code === null ? '(absent)' : (NAMES[code] ?? String(code)));

type Local = number | null | 'any';
interface Row {
  received: number;
  local: Local;
  becomes: number;
  reply: '+' | '-';
  /** The README's "Case" column, verbatim (a trailing * marks a harmless repeat). */
  kase: string;
}

// | Received | Local was | Local becomes | Reply | Case |
const README_TABLE: Row[] = [
  { received: NEW, local: NEW, becomes: COLLISION, reply: '+', kase: 'uuid collision' },
  { received: NEW, local: OK, becomes: OK, reply: '+', kase: 'repeat *' },
  { received: NEW, local: COLLISION, becomes: COLLISION, reply: '+', kase: 'collision repeat *' },
  { received: NEW, local: null, becomes: OK, reply: '+', kase: 'a new object arrived: create ours' },
  { received: UPD, local: UPD, becomes: COLLISION, reply: '+', kase: 'collision update/update' },
  { received: UPD, local: OK, becomes: OK, reply: '+', kase: 'a changed object arrived: update ours' },
  { received: UPD, local: DEL, becomes: COLLISION, reply: '+', kase: 'collision update/delete' },
  { received: UPD, local: COLLISION, becomes: COLLISION, reply: '+', kase: 'collision repeat *' },
  { received: OK, local: NEW, becomes: OK, reply: '-', kase: 'creation synced' },
  { received: OK, local: UPD, becomes: OK, reply: '-', kase: 'update synced' },
  { received: DEL, local: UPD, becomes: COLLISION, reply: '+', kase: 'collision delete/update' },
  { received: DEL, local: OK, becomes: DEL_SYNCED, reply: '+', kase: 'a deleted object arrived' },
  { received: DEL, local: DEL, becomes: COLLISION, reply: '+', kase: 'collision delete/delete' },
  { received: DEL, local: DEL_SYNCED, becomes: DEL_SYNCED, reply: '+', kase: 'repeat *' },
  { received: DEL, local: COLLISION, becomes: COLLISION, reply: '+', kase: 'repeat *' },
  { received: DEL_SYNCED, local: DEL, becomes: DEL_SYNCED, reply: '-', kase: 'deletion synced' },
  { received: COLLISION, local: NEW, becomes: COLLISION, reply: '-', kase: 'collision synced' },
  { received: COLLISION, local: UPD, becomes: COLLISION, reply: '-', kase: 'collision synced' },
  { received: COLLISION, local: DEL, becomes: COLLISION, reply: '-', kase: 'collision synced' },
  { received: COLLISION, local: COLLISION, becomes: COLLISION, reply: '-', kase: 'repeat *' },
  { received: ERROR, local: 'any', becomes: ERROR_SYNCED, reply: '+', kase: 'an error arrived' },
  { received: ERROR_SYNCED, local: ERROR, becomes: ERROR_SYNCED, reply: '-', kase: 'error synced' },
];

const caseName = (kase: string) => kase.replace(/\s*\*$/, '');
const isRepeat = (kase: string) => kase.trim().endsWith('*');
const labelled = README_TABLE.map((r) => ({
  ...r,
  label: `${nameOf(r.received)} received, local ${r.local === 'any' ? 'any' : nameOf(r.local)} -> ${nameOf(r.becomes)} ${r.reply} (${r.kase})`,
}));

/** Every local state a record can be in (1..9) and "absent". */
const LOCALS: (number | null)[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, null];
const RECEIVED = [1, 2, 3, 4, 5, 6, 7, 8, 9];

const inTable = (received: number, local: number | null) =>
  README_TABLE.some((r) => r.received === received && (r.local === 'any' || r.local === local));

describe('the seed table, row by row (seedTransition)', () => {
  it('has the 22 rows of the README', () => {
    expect(README_TABLE).toHaveLength(22);
  });

  it.each(labelled)('$label', (row) => {
    const locals = row.local === 'any' ? LOCALS : [row.local];
    for (const local of locals) {
      const t = seedTransition(row.received as never, local as never);
      expect(t.becomes, `becomes, local ${nameOf(local)}`).toBe(row.becomes);
      expect(t.reply, `reply, local ${nameOf(local)}`).toBe(row.reply === '+');
      expect(t.case, `case, local ${nameOf(local)}`).toBe(caseName(row.kase));
      // The "*" rows are the harmless repeats.
      expect(seedRow(row.received as never, local as never)?.repeat, `repeat flag, local ${nameOf(local)}`).toBe(isRepeat(row.kase));
    }
  });
});

describe('any other combination becomes ST_ERROR (seedTransition)', () => {
  const others = RECEIVED.flatMap((received) =>
    LOCALS.filter((local) => !inTable(received, local)).map((local) => ({ received, local, label: `${nameOf(received)} received, local ${nameOf(local)}` })),
  );

  it('covers every combination outside the table (9 received x 10 local states - 31 in the table)', () => {
    expect(others).toHaveLength(9 * 10 - 31);
  });

  it.each(others)('$label -> ST_ERROR, reply +', ({ received, local }) => {
    const t = seedTransition(received as never, local as never);
    expect(t.becomes).toBe(ERROR);
    expect(t.reply).toBe(true);
    expect(seedRow(received as never, local as never)).toBeNull();
  });
});

// ---- decide(): the same 22 rows with consistent versions ----

const local = (state: number, version: number, base: number, theirsVersion: number | null = null): LocalView => ({
  state: state as LocalView['state'],
  version,
  base,
  theirsVersion,
});
const msg = (state: number, version: number, base: number, resolution = false): IncomingView => ({ state, version, base, resolution });

interface DecideCase {
  received: number;
  local: Local;
  /** The local view; for the 'any' row, one representative (the handshake tests below cover every state). */
  view: LocalView | null;
  message: IncomingView;
  action: 'adopt' | 'collide' | 'keep';
  /** The new agreed version, when the step agrees on one. */
  base?: number;
  story: string;
}

/** Each row of the README with versions a real exchange would carry. */
const DECIDE_CASES: DecideCase[] = [
  { received: NEW, local: NEW, view: local(NEW, 1, 0), message: msg(NEW, 1, 0), action: 'collide', story: 'both created the same id, neither acknowledged' },
  { received: NEW, local: OK, view: local(OK, 1, 1), message: msg(NEW, 1, 0), action: 'keep', story: 'the creation we already adopted, delivered again' },
  { received: NEW, local: COLLISION, view: local(COLLISION, 1, 0, 1), message: msg(NEW, 1, 0), action: 'collide', story: 'the creation that collided, delivered again' },
  { received: NEW, local: null, view: null, message: msg(NEW, 1, 0), action: 'adopt', story: 'a new order from the peer' },
  { received: UPD, local: UPD, view: local(UPD, 2, 1), message: msg(UPD, 2, 1), action: 'collide', story: 'both edited v1 to a v2' },
  { received: UPD, local: OK, view: local(OK, 1, 1), message: msg(UPD, 2, 1), action: 'adopt', base: 2, story: 'the peer edited the agreed v1' },
  { received: UPD, local: DEL, view: local(DEL, 2, 1), message: msg(UPD, 2, 1), action: 'collide', story: 'they edited v1, we deleted v1' },
  { received: UPD, local: COLLISION, view: local(COLLISION, 2, 1, 2), message: msg(UPD, 2, 1), action: 'collide', story: 'the colliding edit, delivered again' },
  { received: OK, local: NEW, view: local(NEW, 1, 0), message: msg(OK, 1, 1), action: 'keep', base: 1, story: 'the peer acknowledges our creation' },
  { received: OK, local: UPD, view: local(UPD, 2, 1), message: msg(OK, 2, 2), action: 'keep', base: 2, story: 'the peer acknowledges our edit' },
  { received: DEL, local: UPD, view: local(UPD, 2, 1), message: msg(DEL, 2, 1), action: 'collide', story: 'they deleted v1, we edited v1' },
  { received: DEL, local: OK, view: local(OK, 1, 1), message: msg(DEL, 2, 1), action: 'adopt', base: 2, story: 'the peer deleted the agreed v1' },
  { received: DEL, local: DEL, view: local(DEL, 2, 1), message: msg(DEL, 2, 1), action: 'collide', story: 'both deleted v1' },
  { received: DEL, local: DEL_SYNCED, view: local(DEL_SYNCED, 2, 2), message: msg(DEL, 2, 1), action: 'keep', story: 'the deletion we already adopted, delivered again' },
  { received: DEL, local: COLLISION, view: local(COLLISION, 2, 1, 2), message: msg(DEL, 2, 1), action: 'collide', story: 'the colliding deletion, delivered again' },
  { received: DEL_SYNCED, local: DEL, view: local(DEL, 2, 1), message: msg(DEL_SYNCED, 2, 2), action: 'keep', base: 2, story: 'the peer acknowledges our deletion' },
  { received: COLLISION, local: NEW, view: local(NEW, 1, 0), message: msg(COLLISION, 1, 0), action: 'collide', story: 'the peer reports a uuid collision with our creation' },
  { received: COLLISION, local: UPD, view: local(UPD, 2, 1), message: msg(COLLISION, 2, 1), action: 'collide', story: 'the peer reports a collision with our edit' },
  { received: COLLISION, local: DEL, view: local(DEL, 2, 1), message: msg(COLLISION, 2, 1), action: 'collide', story: 'the peer reports a collision with our deletion' },
  { received: COLLISION, local: COLLISION, view: local(COLLISION, 2, 1, 2), message: msg(COLLISION, 2, 1), action: 'collide', story: 'both know of the collision' },
  { received: ERROR, local: 'any', view: local(OK, 3, 3), message: msg(ERROR, 3, 3), action: 'keep', story: 'the peer reports an error' },
  { received: ERROR_SYNCED, local: ERROR, view: local(ERROR, 3, 2), message: msg(ERROR_SYNCED, 3, 2), action: 'keep', story: 'the peer acknowledges our error report' },
];

describe('decide(): the 22 seed rows with consistent versions', () => {
  it('has one case per README row, in the same order', () => {
    expect(DECIDE_CASES.map((c) => [c.received, c.local])).toEqual(README_TABLE.map((r) => [r.received, r.local]));
  });

  it.each(DECIDE_CASES.map((c, i) => ({ ...c, row: README_TABLE[i]!, label: `${labelled[i]!.label}: ${c.story}` })))('$label', (c) => {
    const d = decide(c.view, c.message);
    expect(d.state).toBe(c.row.becomes);
    expect(d.reply).toBe(c.row.reply === '+');
    expect(d.action).toBe(c.action);
    expect(d.rule).toBe(caseName(c.row.kase));
    expect(d.extension).toBe(false);
    if (c.base !== undefined) expect(d.base).toBe(c.base);
    expect(d.outcome).not.toBe('error');
    // The "*" rows are harmless repeats: nothing new is taken from the peer.
    if (isRepeat(c.row.kase)) expect(d.action).not.toBe('adopt');
  });
});

describe('decide(): the error handshake', () => {
  const localStates = [NEW, UPD, OK, DEL, DEL_SYNCED, COLLISION, ERROR, ERROR_SYNCED];

  it.each([...localStates.map((s) => ({ s, label: nameOf(s) })), { s: null, label: '(absent)' }])(
    'ST_ERROR received while $label -> ST_ERROR_SYNCED, reply +',
    ({ s }) => {
      const view = s === null ? null : local(s, 2, 1, s === COLLISION ? 2 : null);
      const d = decide(view, msg(ERROR, 2, 1));
      expect(d.state).toBe(ERROR_SYNCED);
      expect(d.reply).toBe(true);
      expect(d.outcome).toBe('error_synced');
      expect(d.rule).toBe('an error arrived');
      expect(d.extension).toBe(false);
    },
  );

  it('ST_ERROR_SYNCED received while ST_ERROR -> ST_ERROR_SYNCED, no reply', () => {
    const d = decide(local(ERROR, 2, 1), msg(ERROR_SYNCED, 2, 1));
    expect(d).toMatchObject({ state: ERROR_SYNCED, reply: false, action: 'keep', rule: 'error synced', extension: false });
  });

  it('ST_ERROR_SYNCED received while ST_ERROR_SYNCED -> stays, no reply (no ping-pong)', () => {
    const d = decide(local(ERROR_SYNCED, 2, 1), msg(ERROR_SYNCED, 2, 1));
    expect(d.state).toBe(ERROR_SYNCED);
    expect(d.reply).toBe(false);
    expect(d.action).toBe('keep');
  });

  it('the handshake ends: ERROR -> (ERROR_SYNCED +) -> (ERROR_SYNCED -) -> nothing more', () => {
    // We are in ERROR and send it; the peer (any state) answers ERROR_SYNCED with a reply.
    const atPeer = decide(local(UPD, 2, 1), msg(ERROR, 2, 1));
    expect(atPeer).toMatchObject({ state: ERROR_SYNCED, reply: true });
    // Its reply reaches us while we are in ERROR: we go to ERROR_SYNCED and stay quiet.
    const atUs = decide(local(ERROR, 2, 1), msg(atPeer.state, 2, 1));
    expect(atUs).toMatchObject({ state: ERROR_SYNCED, reply: false });
    // Even if the peer's report reaches us once more, nothing is sent.
    expect(decide(local(ERROR_SYNCED, 2, 1), msg(ERROR_SYNCED, 2, 1)).reply).toBe(false);
  });

  it.each([
    { state: SYNC, label: '9 (ST_SYNC, never valid on the wire)' },
    { state: 42, label: '42' },
    { state: 0, label: '0' },
    { state: -1, label: '-1' },
    { state: 2.5, label: '2.5' },
  ])('an invalid state $label on the wire -> ST_ERROR, reply +', ({ state }) => {
    for (const view of [null, local(OK, 1, 1), local(UPD, 2, 1), local(COLLISION, 2, 1, 2)]) {
      const d = decide(view, msg(state, 2, 1));
      expect(d.state).toBe(ERROR);
      expect(d.reply).toBe(true);
      expect(d.outcome).toBe('error');
      expect(d.action).not.toBe('adopt');
    }
  });
});
