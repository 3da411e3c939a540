import { canonicalJson } from '../../src/shared/canonical-json.js';
import { AppError } from '../../src/shared/errors.js';
import { orderJson } from '../../src/orders/order.rest.js';
import type { Order } from '../../src/orders/order.types.js';
import { mergeContentOf } from '../../src/integration/message.js';
import { outboxStats } from '../../src/integration/outbox.js';
import { loadRecords } from '../../src/integration/records.js';
import { derivedOrderId } from '../../src/integration/rest/rest-adapter.js';
import { ourIdOf, toOrderJson } from '../../src/integration/rest/rest-mapping.js';
import { ST, STATE_NAMES, needsResolution } from '../../src/integration/sync-state.js';
import { TransportError } from '../../src/integration/transport.js';
import { shopOrder } from '../support/json-server.js';
import { NO_SHOP_FAULTS, type ShopOrder } from './fake-shop.js';
import { FieldHistory, fieldValues } from './field-history.js';
import { SHOP, type RestSim } from './rest-sim.js';
import { undoneUnseen } from './unseen-edits.js';

/**
 * One seeded run of the REST model: this instance and a plain REST shop without versions (see
 * fake-shop.ts). Random creates, updates, deletes and resolutions here; the shop's staff edit and
 * create orders; pushes and polls of the `rest` remote; requests and answers lost, the shop down
 * for a while, and staff edits landing between our GET and our PUT. Then the faults stop, the pair
 * settles, and the invariant is checked:
 *
 * - nothing lost: every order made here is in the shop (once: no two shop orders carry the same
 *   `external_ref`) and every shop order is here;
 * - each order is either identical on both sides (the shop's copy, mapped, equals ours) and agreed
 *   (OK, DEL_SYNCED), or in COLLISION or ERROR with the shop here, where an admin sees it;
 * - no accepted edit is lost silently: in every order not waiting for an admin, each field holds
 *   the latest edit of that field, made here or by the staff;
 * - the pair falls quiet.
 *
 * The one loss the model cannot detect, by design of an API without versions: a staff edit made
 * between our GET of an order and our PUT of it (the read–compare–write window) is overwritten by
 * the PUT, and afterwards the shop holds exactly what we agreed: nothing is left to see. The shop
 * makes such edits on purpose (`window`), leaves them out of the field history, and counts those
 * our PUT overwrote (`windowOverwrites`). The other: a staff edit undone before we read the order
 * again (changed and changed back between two of our sightings; seed 204, unseen-edits.ts), counted
 * in `undoneOverwrites`. The docs' claim is that these are the only silent losses of an ordinary
 * write, and the field-history check above asserts exactly that for every other edit.
 */

export interface RestSeedOptions {
  steps: number;
  /** Probability of losing a request, and of losing an answer, while faults are on. */
  faultRate: number;
  /** Probability that the staff edit the order between our GET and our PUT. */
  windowRate: number;
}

export interface RestSeedResult {
  seed: number;
  violations: string[];
  /** Orders at the end (made here and made in the shop). */
  orders: number;
  collisions: number;
  errors: number;
  settleRounds: number;
  /** Staff edits made inside the window, and how many of them our PUT overwrote (lost, undetectable). */
  windowEdits: number;
  windowOverwrites: number;
  /** Staff edits overwritten by the write of an admin's resolution made before them (known; see the docs). */
  resolutionOverwrites: number;
  /**
   * Staff edits undone in the shop before we read the order again (changed and changed back
   * between two of our sightings: no read could show them), then overwritten by our pending change
   * of the field (undetectable; see unseen-edits.ts).
   */
  undoneOverwrites: number;
  shop: Record<string, number>;
  history: FieldHistory;
}

const OUR_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
const SHOP_WORDS = ['awaiting_payment', 'new', 'paid', 'dispatched', 'delivered', 'cancelled'] as const;
const HERE = 'here';

export async function runRestSeed(sim: RestSim, seed: number, options: RestSeedOptions): Promise<RestSeedResult> {
  await sim.reset(seed);
  const { rng, clock, here, settings } = sim;
  const shop = sim.shop;
  const history = new FieldHistory();
  const violations: string[] = [];
  const ids: string[] = [];
  const resolvedAt = new Map<string, number>();
  let resolutionOverwrites = 0;
  let undoneOverwrites = 0;
  let step = 0;

  /** A shop order as our order (for the field history and the comparison); `fill` for what the shop lacks. */
  const idOf = (item: ShopOrder) => ourIdOf(item, settings) ?? derivedOrderId(SHOP, String(item.id));
  const asOrder = (item: ShopOrder, fill: Record<string, unknown> | null = null): Order | null => {
    const mapped = toOrderJson(item, settings, fill ? mergeContentOf(fill) : null);
    return mapped.ok ? ({ ...mapped.order, id: idOf(item) } as unknown as Order) : null;
  };

  // The staff's edits: a status word, the remarks, a line's quantity, the buyer's phone; now and then voiding.
  sim.staffEdit = (order) => {
    if (order.state === 'void') return null;
    const next = structuredClone(order) as Record<string, any>;
    const what = rng.int(0, 9);
    if (what <= 2) next.state = rng.pick(SHOP_WORDS);
    else if (what <= 4) next.remarks = `staff ${rng.int(1, 1e6)}`;
    else if (what <= 6) next.items = next.items.map((l: Record<string, unknown>, i: number) => (i === 0 ? { ...l, qty: rng.int(1, 9) } : l));
    else if (what <= 8) next.buyer = { ...next.buyer, phone: `+44 7${rng.int(100_000_000, 999_999_999)}` };
    else next.state = 'void';
    shop.trace.push(`staff edit of ${order.id}: ${next.state} / ${next.remarks}`);
    return shop.replace(order.id, next);
  };

  const expected = (err: unknown) =>
    err instanceof TransportError || (err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'NOT_FOUND'));
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      if (!expected(err)) violations.push(`${what} failed unexpectedly at step ${step}: ${(err as Error).message ?? err}`);
    }
  };
  const record = (side: string, before: Order | null, after: Order | null, all = false) => {
    if (after) history.record(step, side, before, after, all);
  };

  shop.faults = { dropRequest: options.faultRate, dropAnswer: options.faultRate, window: options.windowRate };

  for (step = 0; step < options.steps; step++) {
    clock.advance(rng.int(0, 3000));
    shop.step = step;
    const roll = rng.next();
    shop.trace.push(`-- step ${step} at ${clock.now().toISOString()}`);
    if (roll < 0.1) {
      await attempt('create here', async () => {
        const { order } = await here.orders.create({
          id: rng.uuid(),
          customer: { name: `Customer ${rng.int(1, 999)}`, email: `c${rng.int(1, 999)}@example.com` },
          shippingAddress: { fullName: 'Sim Ulation', line1: `Street ${rng.int(1, 99)}`, city: 'Riga', postalCode: 'LV-1010', countryCode: 'LV' },
          currency: 'EUR',
          lines: [{ sku: `SKU-${rng.int(1, 50)}`, name: 'Thing', quantity: rng.int(1, 5), unitPrice: rng.int(100, 9999) }],
          shippingCost: rng.int(0, 900),
        });
        ids.push(order.id);
        record(HERE, null, order);
      });
    } else if (roll < 0.26) {
      const all = (await here.orders.list({ filter: { includeDeleted: false }, page: 1, perPage: 500 })).items;
      if (all.length === 0) continue;
      const current = rng.pick(all);
      const patch = rng.pick([
        () => ({ status: rng.pick(OUR_STATUSES) }),
        () => ({ note: `note ${rng.int(1, 1e6)}` }),
        () => ({ shippingCost: rng.int(0, 2000) }),
        () => ({ lines: [...current.lines, { sku: `ADD-${rng.int(1, 99)}`, name: 'Extra', quantity: rng.int(1, 3), unitPrice: rng.int(1, 500) }].slice(-5) }),
        () => ({ customer: { ...current.customer, phone: `+371 2${rng.int(1_000_000, 9_999_999)}` } }),
        () => ({ shippingAddress: { ...current.shippingAddress, city: rng.pick(['Riga', 'Tartu', 'Vilnius', 'Kaunas']) } }),
        () => ({ lines: current.lines.map((l, i) => (i === 0 ? { ...l, quantity: rng.int(1, 9) } : l)) }),
      ])();
      await attempt('update here', async () => record(HERE, current, await here.orders.update(current.id, patch, current.version)));
    } else if (roll < 0.29) {
      const all = (await here.orders.list({ filter: { includeDeleted: false }, page: 1, perPage: 500 })).items;
      if (all.length === 0) continue;
      const current = rng.pick(all);
      await attempt('delete here', async () => record(HERE, current, await here.orders.delete(current.id, current.version)));
    } else if (roll < 0.34) {
      const all = (await here.orders.list({ filter: { includeDeleted: true }, page: 1, perPage: 500 })).items;
      const records = await loadRecords(here.database.db, here.sync.pick(SHOP)!.id, all.map((o) => o.id));
      const stuck = all.filter((o) => needsResolution(records.get(o.id)?.state ?? ST.OK));
      if (stuck.length === 0) continue;
      const target = rng.pick(stuck);
      const hasTheirs = records.get(target.id)?.theirs != null;
      const take = hasTheirs ? rng.pick(['OURS', 'THEIRS', 'MERGE'] as const) : 'OURS';
      await attempt('resolve here', async () => {
        const resolved = await here.sync.resolve(
          target.id,
          { take, fields: take === 'MERGE' ? { status: rng.pick(['OURS', 'THEIRS'] as const), note: rng.pick(['OURS', 'THEIRS'] as const), lines: 'THEIRS' } : undefined },
          SHOP,
        );
        // An admin's decision covers every field, whether it changed here or not.
        record(HERE, target, resolved, true);
        resolvedAt.set(target.id, step);
      });
    } else if (roll < 0.5) {
      await attempt('push', () => here.sync.pushOnce(rng.int(1, 8), SHOP));
    } else if (roll < 0.64) {
      await attempt('poll', () => here.sync.pullOnce(0, SHOP));
    } else if (roll < 0.8) {
      const open = shop.all().filter((o) => o.state !== 'void');
      if (open.length === 0) continue;
      const before = rng.pick(open);
      const after = sim.staffEdit(before);
      // A voided order keeps its status (the shop's word is the deletion word).
      const was = asOrder(before);
      if (after) record('shop', was, asOrder(after, was as unknown as Record<string, unknown>));
    } else if (roll < 0.86) {
      const made = shop.insert(
        shopOrder({
          order_no: `WEB-${rng.int(1000, 9999)}`,
          state: rng.pick(SHOP_WORDS),
          buyer: { full_name: `Buyer ${rng.int(1, 999)}`, email_address: `b${rng.int(1, 999)}@example.com`, phone: null },
          items: [{ product_code: `WEB-${rng.int(1, 30)}`, title: 'Web thing', qty: rng.int(1, 4), price: `${rng.int(1, 99)}.${rng.int(10, 99)}`, tax_class: 'standard' }],
          shipping_price: `${rng.int(0, 9)}.${rng.int(10, 99)}`,
        }),
      );
      record('shop', null, asOrder(made));
    } else if (roll < 0.89) {
      shop.down = !shop.down;
    }
  }

  // The faults stop; the shop comes back; the pair must settle by itself.
  shop.faults = NO_SHOP_FAULTS;
  shop.down = false;
  shop.step = step;
  let settleRounds = 0;
  let quiet = false;
  for (; settleRounds < 40 && !quiet; settleRounds++) {
    clock.advance(31_000); // past every backoff (capped at 30 s)
    let activity = 0;
    await attempt('settle', async () => {
      // Bounded: a message that comes back every time must show up as "not quiet", not hang the run.
      for (let i = 0; i < 100; i++) {
        const r = await here.sync.pushOnce(undefined, SHOP);
        activity += r.sent + r.failed;
        if (r.sent + r.failed === 0) break;
      }
      // Two poll rounds: the one under way may end without an order the staff changed on a page it
      // had already read (the next round asks from its first page's latest change, and finds it).
      // Only a whole round begun here and bringing nothing says the shop has nothing new.
      for (let i = 0, ended = 0; i < 100 && ended < 2; i++) {
        const r = await here.sync.pullOnce(0, SHOP);
        activity += r.received;
        if (!r.hasMore) ended++;
      }
    });
    quiet = activity === 0 && (await outboxStats(here.database.db, null)).depth === 0;
  }
  if (!quiet) violations.push(`the pair did not fall quiet within ${settleRounds} rounds`);

  // ---- invariant ----
  const ours = new Map((await here.orders.list({ filter: { includeDeleted: true }, page: 1, perPage: 500 })).items.map((o) => [o.id, o]));
  const records = await loadRecords(here.database.db, here.sync.pick(SHOP)!.id, [...ours.keys()]);
  const theirs = shop.all();
  const byId = new Map<string, ShopOrder>();
  const refs = new Map<string, number[]>();
  for (const item of theirs) {
    const ref = ourIdOf(item, settings);
    if (ref) refs.set(ref, [...(refs.get(ref) ?? []), item.id]);
    byId.set(idOf(item), item);
  }
  for (const [ref, keys] of refs) if (keys.length > 1) violations.push(`the shop holds ${keys.length} orders for our ${ref}: ${keys.join(', ')}`);
  for (const id of ids) {
    if (byId.has(id)) continue;
    // Deleted here before it ever reached the shop: there is nothing to write (and nothing lost).
    const neverSent = ours.get(id)?.deleted && records.get(id)?.state === ST.DEL_SYNCED && records.get(id)?.remoteKey === null;
    if (!neverSent) violations.push(`order ${id}, made here, is not in the shop`);
  }
  // A shop order voided before any poll saw it is nothing to import (and nothing lost).
  for (const item of theirs) if (!ours.has(idOf(item)) && item.state !== 'void') violations.push(`shop order ${item.id} is not here (as ${idOf(item)})`);

  let collisions = 0;
  let errors = 0;
  for (const [id, order] of ours) {
    const item = byId.get(id);
    if (!item) {
      if (!ids.includes(id)) violations.push(`order ${id} is here, made by neither side`);
      continue; // (checked above)
    }
    const rec = records.get(id);
    const state = rec?.state;
    if (state === ST.COLLISION) {
      collisions++;
      continue;
    }
    if (state === ST.ERROR || state === ST.ERROR_SYNCED) {
      errors++;
      continue;
    }
    const name = state ? STATE_NAMES[state] : 'no record';
    if (state !== (order.deleted ? ST.DEL_SYNCED : ST.OK)) violations.push(`order ${id} did not settle: ${name}`);
    if (rec?.remoteKey !== String(item.id)) violations.push(`order ${id} is known as shop order ${rec?.remoteKey ?? 'none'}, but it is ${item.id}`);
    const mapped = asOrder(item, orderJson(order));
    const a = canonicalJson(mergeContentOf(orderJson(order)));
    const b = mapped ? canonicalJson(mergeContentOf(mapped as unknown as Record<string, unknown>)) : '(unmappable)';
    if (a !== b) {
      violations.push(`order ${id} (shop ${item.id}, ${name}) differs: here ${a} / shop ${b}`);
      continue;
    }
    // The shop shows a deleted order by its status word ("void"): a status its staff set before
    // voiding it is gone from the shop itself, so it cannot reach us.
    const lost = history.lostEdits(order).filter((l) => !(order.deleted && l.path === 'status'));
    // Known, not yet fixed: an admin's resolution is written to the shop without the compare, so a
    // staff edit made after the resolution and before its write is overwritten (see the docs, §6).
    // Counted and reported, not failed.
    const afterResolution = (l: { side: string; step: number }) => l.side === 'shop' && l.step > (resolvedAt.get(id) ?? Infinity);
    resolutionOverwrites += lost.filter(afterResolution).length;
    // Undetectable by design: a staff edit undone in the shop before any read of ours could see it,
    // then overwritten by our pending change of the field (seed 204; see unseen-edits.ts). Counted
    // and reported, not failed; every other loss is.
    const sightings = (shop.sightings.get(item.id) ?? []).flatMap(({ step: at, item: seen }) => {
      const mapped = asOrder(seen, orderJson(order));
      return mapped ? [{ step: at, values: fieldValues(mapped) }] : [];
    });
    const undone = (l: { side: string; step: number; path: string }) => l.side === 'shop' && undoneUnseen(l, sightings);
    const rest = lost.filter((l) => !afterResolution(l));
    undoneOverwrites += rest.filter(undone).length;
    for (const l of rest.filter((x) => !undone(x))) violations.push(`order ${id} (shop ${item.id}): ${l.problem}`);
  }
  return {
    seed,
    violations,
    orders: ours.size,
    collisions,
    errors,
    settleRounds,
    windowEdits: shop.stats.windowEdits,
    windowOverwrites: shop.stats.overwritten,
    resolutionOverwrites,
    undoneOverwrites,
    shop: { ...shop.stats },
    history,
  };
}
