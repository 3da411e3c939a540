import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadRecord } from '../../../src/integration/records.js';
import { STATE_NAMES } from '../../../src/integration/sync-state.js';
import { createRestSim, SHOP, type RestSim } from '../../simulation/rest-sim.js';

/**
 * A shop without versions shows one of our own unacknowledged versions: either our write reached it
 * and its answer was lost (an acknowledgement of that version), or its staff made the same change
 * (the shop's change, which must not be overwritten by our later version). What tells them apart is
 * whether a write of that version ever went out. Found by the REST fault simulation, seed 415.
 * The whole engine with the real adapter and client; only the HTTP goes to the in-process shop.
 */

const fetchFailed = () => new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });

describe('our own versions as the shop shows them', { timeout: 60_000 }, () => {
  let sim: RestSim;
  beforeAll(async () => {
    sim = await createRestSim();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset(1));

  /** The next request matching `method path` fails: before it reaches the shop, or after the shop applied it. */
  function failNext(method: string, path: string, when: 'request' | 'answer') {
    const shop = sim.shop;
    const real = shop.fetch;
    shop.fetch = async (input, init = {}) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if ((init.method ?? 'GET').toUpperCase() !== method || url.pathname !== path) return real(input, init);
      shop.fetch = real;
      if (when === 'request') throw fetchFailed();
      await real(input, init);
      throw fetchFailed();
    };
  }

  async function orderInTheShop() {
    const { order } = await sim.here.orders.create({
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      shippingAddress: { fullName: 'Ada Lovelace', line1: '12 Analytical St', city: 'London', postalCode: 'N1 9GU', countryCode: 'GB' },
      currency: 'EUR',
      lines: [{ sku: 'BOOK-1', name: 'Notes', quantity: 1, unitPrice: 1250 }],
      shippingCost: 490,
    });
    expect((await sim.here.sync.pushOnce(10, SHOP)).sent).toBe(1);
    const record = await recordOf(order.id);
    expect(record.state).toBe('OK');
    return { id: order.id, key: Number(record.remoteKey), path: `/orders/${record.remoteKey}` };
  }

  const remoteId = () => sim.here.sync.pick(SHOP)!.id;
  const recordOf = async (id: string) => {
    const r = (await loadRecord(sim.here.database.db, remoteId(), id))!;
    return { ...r, state: STATE_NAMES[r.state] };
  };
  const setStatus = async (id: string, status: string) => {
    const current = (await sim.here.orders.get(id))!;
    return sim.here.orders.update(id, { status }, current.version);
  };
  const staffSet = (key: number, state: string) => sim.shop.replace(key, { ...sim.shop.get(key)!, state });

  it("an edit of ours that never reached the shop, made there by its staff too, is the shop's change: our later edit does not overwrite it", async () => {
    const { id, key, path } = await orderInTheShop();
    await setStatus(id, 'paid');
    failNext('GET', path, 'request'); // the push fails before anything is written
    expect((await sim.here.sync.pushOnce(10, SHOP)).failed).toBe(1);
    await setStatus(id, 'pending');
    staffSet(key, 'paid'); // the staff mark it paid: the content of our unsent version

    // The push reads the shop's change and writes nothing: the note of its version is taken back.
    await sim.here.sync.pushOnce(10, SHOP);
    expect((await recordOf(id)).writtenVersions).toEqual([]);
    for (let i = 0; i < 3; i++) await sim.here.sync.pushOnce(10, SHOP);
    await sim.here.sync.pullOnce(0, SHOP);
    // Base pending, ours pending, theirs paid: the shop's change merges in.
    expect((await sim.here.orders.get(id))!.status).toBe('paid');
    expect(sim.shop.get(key)!.state).toBe('paid');
    expect(sim.shop.trace.filter((t) => t.startsWith(`PUT ${path} `))).toEqual([]);
    const record = await recordOf(id);
    expect(record.state).toBe('OK');
    expect(record.writtenVersions).toEqual([]);
  });

  it('an edit of ours whose write reached the shop but whose answer was lost is our write: a field changed A -> X -> A here ends as A', async () => {
    const { id, key, path } = await orderInTheShop();
    await setStatus(id, 'paid');
    failNext('PUT', path, 'answer'); // written in the shop, the answer lost
    expect((await sim.here.sync.pushOnce(10, SHOP)).failed).toBe(1);
    expect(sim.shop.get(key)!.state).toBe('paid');
    const paid = (await sim.here.orders.get(id))!.version;
    expect((await recordOf(id)).writtenVersions).toEqual([paid]);
    await setStatus(id, 'pending');

    for (let i = 0; i < 3; i++) await sim.here.sync.pushOnce(10, SHOP);
    await sim.here.sync.pullOnce(0, SHOP);
    expect((await sim.here.orders.get(id))!.status).toBe('pending');
    expect(sim.shop.get(key)!.state).toBe('awaiting_payment');
    const record = await recordOf(id);
    expect(record.state).toBe('OK');
    expect(record.writtenVersions).toEqual([]);
  });
});
