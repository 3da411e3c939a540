import { canonicalJson } from '../../src/shared/canonical-json.js';
import { AppError } from '../../src/shared/errors.js';
import { orderJson } from '../../src/orders/order.rest.js';
import type { Order } from '../../src/orders/order.types.js';
import { loadRecords } from '../../src/integration/records.js';
import { outboxStats } from '../../src/integration/outbox.js';
import { TransportError } from '../../src/integration/transport.js';
import { ST, STATE_NAMES, type SyncState } from '../../src/integration/sync-state.js';
import type { Instance } from '../../src/app.js';
import type { Side } from './network.js';
import type { SimPair } from './sim-pair.js';
import { FieldHistory } from './field-history.js';

export interface SeedOptions {
  steps: number;
  /** Probability of each fault per request while faults are on. */
  faultRate: number;
}

export interface SeedResult {
  seed: number;
  violations: string[];
  orders: number;
  collisions: number;
  settleRounds: number;
  network: Record<string, number>;
  /** Every accepted edit, field by field (for the replay). */
  history: FieldHistory;
}

const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
const other = (s: Side): Side => (s === 'A' ? 'B' : 'A');
const contentKey = (o: Order) => canonicalJson({ ...orderJson(o), createdAt: undefined, updatedAt: undefined, code: undefined });

/**
 * One seeded run: random creates, updates, deletes and resolutions on both sides while the network
 * drops, duplicates, delays and reorders, and sides go down and up; then the faults stop, the pair
 * settles, and the invariants are checked.
 */
export async function runSeed(pair: SimPair, seed: number, options: SeedOptions): Promise<SeedResult> {
  await pair.reset(seed);
  const { rng, network, clock } = pair;
  const side = (s: Side): Instance => pair[s];
  const ids: string[] = [];
  const history = new FieldHistory();
  let step = 0;
  const violations: string[] = [];
  const record = (s: Side, before: Order | null, after: Order, all = false) => history.record(step, s, before, after, all);
  // Faults the business rules answer (in collision, deleted) are expected; anything else is a finding.
  const expected = (err: unknown) =>
    err instanceof TransportError || (err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'NOT_FOUND'));
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      if (!expected(err)) violations.push(`${what} failed unexpectedly: ${(err as Error).message ?? err}`);
    }
  };

  network.faults = { dropRequest: options.faultRate, dropResponse: options.faultRate, duplicate: options.faultRate, delay: options.faultRate };

  for (step = 0; step < options.steps; step++) {
    clock.advance(rng.int(0, 3000));
    const s: Side = rng.chance(0.5) ? 'A' : 'B';
    const inst = side(s);
    const up = !network.down[s];
    const roll = rng.next();
    if (roll < 0.12) {
      if (!up) continue;
      // Now and then the same id on both sides: a uuid collision.
      const reuse = ids.length > 0 && rng.chance(0.05) ? rng.pick(ids) : null;
      const id = reuse && !(await inst.orders.get(reuse)) ? reuse : rng.uuid();
      await attempt(`create on ${s}`, async () => {
        const { order } = await inst.orders.create({
          id,
          customer: { name: `Customer ${rng.int(1, 999)}`, email: `c${rng.int(1, 999)}@example.com` },
          shippingAddress: { fullName: 'Sim Ulation', line1: `Street ${rng.int(1, 99)}`, city: 'Riga', postalCode: 'LV-1010', countryCode: 'LV' },
          currency: 'EUR',
          lines: [{ sku: `SKU-${rng.int(1, 50)}`, name: 'Thing', quantity: rng.int(1, 5), unitPrice: rng.int(100, 9999) }],
          shippingCost: rng.int(0, 900),
        });
        if (!ids.includes(order.id)) ids.push(order.id);
        record(s, null, order);
      });
    } else if (roll < 0.34) {
      if (!up || ids.length === 0) continue;
      const current = await inst.orders.get(rng.pick(ids));
      if (!current || current.deleted) continue;
      const patch = rng.pick([
        () => ({ status: rng.pick(STATUSES) }),
        () => ({ note: `note ${rng.int(1, 1e6)}` }),
        () => ({ shippingCost: rng.int(0, 2000) }),
        () => ({ lines: [...current.lines, { sku: `ADD-${rng.int(1, 99)}`, name: 'Extra', quantity: rng.int(1, 3), unitPrice: rng.int(1, 500) }].slice(-5) }),
        // Inside the nested objects and the lines, so concurrent edits of different parts meet.
        () => ({ customer: { ...current.customer, phone: `+371 2${rng.int(1_000_000, 9_999_999)}` } }),
        () => ({ shippingAddress: { ...current.shippingAddress, city: rng.pick(['Riga', 'Tartu', 'Vilnius', 'Kaunas']) } }),
        () => ({ lines: current.lines.map((l, i) => (i === 0 ? { ...l, quantity: rng.int(1, 9) } : l)) }),
      ])();
      // Now and then the same edit on both sides at once: the same value, no conflict.
      const mirrored = rng.chance(0.1) && !network.down[other(s)] ? side(other(s)) : null;
      await attempt(`update on ${s}`, async () => record(s, current, await inst.orders.update(current.id, patch, current.version)));
      if (mirrored) {
        const there = await mirrored.orders.get(current.id);
        if (there && !there.deleted) await attempt(`update on ${other(s)}`, async () => record(other(s), there, await mirrored.orders.update(there.id, patch, there.version)));
      }
    } else if (roll < 0.39) {
      if (!up || ids.length === 0) continue;
      const current = await inst.orders.get(rng.pick(ids));
      if (!current || current.deleted) continue;
      await attempt(`delete on ${s}`, async () => record(s, current, await inst.orders.delete(current.id, current.version)));
    } else if (roll < 0.45) {
      if (!up) continue;
      const page = await inst.orders.list({ filter: { ids: ids.length ? ids : undefined, includeDeleted: true }, page: 1, perPage: 500 });
      const records = await loadRecords(inst.database.db, inst.sync.pick()?.id ?? 1, page.items.map((o) => o.id));
      const stuck = page.items.filter((o) => records.get(o.id)?.state === ST.COLLISION);
      if (stuck.length === 0) continue;
      const target = rng.pick(stuck);
      const take = rng.pick(['OURS', 'THEIRS', 'MERGE'] as const);
      await attempt(`resolve on ${s}`, async () => {
        const resolved = await inst.sync.resolve(target.id, {
          take,
          fields: take === 'MERGE' ? { status: rng.pick(['OURS', 'THEIRS'] as const), note: rng.pick(['OURS', 'THEIRS'] as const), lines: 'THEIRS' } : undefined,
        });
        // An admin's decision covers every field, whether it changed here or not.
        record(s, target, resolved, true);
      });
    } else if (roll < 0.65) {
      if (up) await attempt(`push from ${s}`, () => inst.sync.pushOnce(rng.int(1, 8)));
    } else if (roll < 0.8) {
      if (up) await attempt(`pull on ${s}`, () => inst.sync.pullOnce(0));
    } else if (roll < 0.9) {
      await network.deliverHeld();
    } else if (roll < 0.93) {
      network.down[s] = !network.down[s];
    }
  }

  // The faults stop; everything comes back; the pair must settle by itself.
  network.faults = { dropRequest: 0, dropResponse: 0, duplicate: 0, delay: 0 };
  network.down.A = false;
  network.down.B = false;
  await network.deliverAllHeld();
  let settleRounds = 0;
  let quiet = false;
  for (; settleRounds < 40 && !quiet; settleRounds++) {
    clock.advance(31_000); // past every backoff (capped at 30 s)
    let activity = 0;
    for (const s of ['A', 'B'] as const) {
      for (;;) {
        const r = await side(s).sync.pushOnce();
        activity += r.sent + r.failed;
        if (r.sent + r.failed === 0) break;
      }
      for (;;) {
        const r = await side(s).sync.pullOnce(0);
        activity += r.received;
        if (!r.hasMore && r.received === 0) break;
      }
    }
    const depth = (await outboxStats(pair.A.database.db, null)).depth + (await outboxStats(pair.B.database.db, null)).depth;
    quiet = activity === 0 && depth === 0;
  }
  if (!quiet) violations.push(`the pair did not fall quiet within ${settleRounds} rounds (a message loop?)`);

  // ---- invariants ----
  const load = async (inst: Instance) => {
    const page = await inst.orders.list({ filter: { includeDeleted: true }, page: 1, perPage: 500 });
    const records = await loadRecords(inst.database.db, inst.sync.pick()?.id ?? 1, page.items.map((o) => o.id));
    return { orders: new Map(page.items.map((o) => [o.id, o])), records, total: page.total };
  };
  const [a, b] = await Promise.all([load(pair.A), load(pair.B)]);
  let collisions = 0;
  for (const id of ids) {
    const oa = a.orders.get(id);
    const ob = b.orders.get(id);
    if (!oa || !ob) {
      violations.push(`order ${id} is missing on ${oa ? 'B' : 'A'}${!oa && !ob ? ' and A' : ''}`);
      continue;
    }
    const sa = a.records.get(id)?.state;
    const sb = b.records.get(id)?.state;
    const names = `A=${sa ? STATE_NAMES[sa] : 'none'} B=${sb ? STATE_NAMES[sb] : 'none'}`;
    if ([sa, sb].some((x) => x === ST.ERROR || x === ST.ERROR_SYNCED)) violations.push(`order ${id} is in error: ${names}`);
    if (sa === ST.COLLISION || sb === ST.COLLISION) {
      collisions++;
      if (sa !== sb) violations.push(`order ${id} is in collision on one side only: ${names}`);
      continue;
    }
    const settled = (x: SyncState | undefined, o: Order) => x === (o.deleted ? ST.DEL_SYNCED : ST.OK);
    if (!settled(sa, oa) || !settled(sb, ob)) violations.push(`order ${id} did not settle: ${names}`);
    if (oa.version !== ob.version || canonicalJson(orderJson(oa)) !== canonicalJson(orderJson(ob))) {
      violations.push(`order ${id} differs: A v${oa.version} ${contentKey(oa)} / B v${ob.version} ${contentKey(ob)}`);
      continue;
    }
    // No accepted edit of a field is lost unless a later edit of the same field replaced it.
    for (const problem of history.lost(oa)) violations.push(`order ${id}: ${problem}`);
  }
  if (a.total !== b.total) violations.push(`A holds ${a.total} orders, B holds ${b.total}`);
  if (a.total !== new Set(ids).size) violations.push(`${new Set(ids).size} orders were created, A holds ${a.total}`);
  return { seed, violations, orders: ids.length, collisions, settleRounds, network: { ...network.stats }, history };
}
