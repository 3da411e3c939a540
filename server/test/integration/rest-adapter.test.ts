import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mergeContentOf, type OrderJson } from '../../src/integration/message.js';
import type { InboundMessage, KnownOrder, OutgoingMessage, PullContext, RemoteAdapter } from '../../src/integration/remote-adapter.js';
import { createRestAdapter, derivedOrderId } from '../../src/integration/rest/rest-adapter.js';
import type { RestSettingsInput } from '../../src/integration/rest/rest-settings.js';
import { ST } from '../../src/integration/sync-state.js';
import { TransportError } from '../../src/integration/transport.js';
import { shopMapping, shopOrder, startJsonServer, type JsonServer } from '../support/json-server.js';

/**
 * The rest adapter against a real json-server playing the shop, through real HTTP. The engine is
 * not here: a Map plays what this side holds (the PullContext), and the tests apply the adapter's
 * replies to it the way the engine's seed table would for these simple cases.
 */

let shop: JsonServer;

beforeAll(async () => {
  shop = await startJsonServer();
});
afterAll(async () => {
  await shop?.close();
});

/** What this side holds about the shop's orders, by our order id. */
class Held implements PullContext {
  readonly orders = new Map<string, KnownOrder>();
  byRemoteKey(keys: string[]) {
    return Promise.resolve(new Map([...this.orders.values()].filter((k) => k.remoteKey && keys.includes(k.remoteKey)).map((k) => [k.remoteKey!, k])));
  }
  byOrderId(ids: string[]) {
    return Promise.resolve(new Map(ids.filter((id) => this.orders.has(id)).map((id) => [id, this.orders.get(id)!])));
  }
  now() {
    return new Date();
  }
  /** Our order as created here, not yet sent. */
  create(order: OrderJson): OutgoingMessage {
    this.orders.set(order.id, { orderId: order.id, remoteKey: null, state: ST.NEW, version: order.version, base: 0, baseContent: null, order });
    return { orderId: order.id, state: ST.NEW, version: order.version, base: 0, resolution: false, order, remoteKey: null, baseContent: null };
  }
  /** Adopts what the shop showed or acknowledged as agreed (what the engine does for NEW, UPD and OK without a local change). */
  agree(message: InboundMessage): KnownOrder {
    const order = (message.order ?? this.orders.get(message.orderId)!.order) as OrderJson;
    const known: KnownOrder = {
      orderId: message.orderId,
      remoteKey: message.remoteKey ?? this.orders.get(message.orderId)?.remoteKey ?? null,
      state: ST.OK,
      version: message.version,
      base: message.version,
      baseContent: mergeContentOf(order),
      order: { ...order, version: message.version },
    };
    this.orders.set(message.orderId, known);
    return known;
  }
  /** A local edit here: the message the engine would push. */
  edit(orderId: string, change: Partial<OrderJson>, state: number = ST.UPD): OutgoingMessage {
    const known = this.orders.get(orderId)!;
    const order = { ...known.order, ...change, version: known.version + 1 };
    this.orders.set(orderId, { ...known, state, version: order.version, order });
    return { orderId, state, version: order.version, base: known.base, resolution: false, order, remoteKey: known.remoteKey, baseContent: known.baseContent };
  }
}

let seq = 0;
function ourOrder(overrides: Partial<OrderJson> = {}): OrderJson {
  seq++;
  const now = new Date().toISOString();
  return {
    id: `0b6f7a52-8c1e-4e8a-9d59-${String(seq).padStart(12, '0')}`,
    code: `A-${String(seq).padStart(6, '0')}`,
    status: 'paid',
    customer: { name: 'Grace Hopper', email: 'grace@example.com', phone: null },
    shippingAddress: { fullName: 'Grace Hopper', line1: '1 Navy Way', line2: null, city: 'Arlington', postalCode: '22201', countryCode: 'US' },
    currency: 'EUR',
    lines: [{ sku: 'COBOL-1', name: 'Compiler', quantity: 3, unitPrice: 1999 }],
    shippingCost: 500,
    note: null,
    subtotal: 5997,
    total: 6497,
    createdAt: now,
    updatedAt: now,
    version: 1,
    deleted: false,
    ...overrides,
  };
}

const adapterFor = (settings: Partial<RestSettingsInput> = {}, url = shop.url): RemoteAdapter =>
  createRestAdapter({ name: 'shop', kind: 'rest', url, settings: { ...shopMapping, ...settings } });

/** Pulls rounds until the round ends; every message seen. */
async function pullRound(adapter: RemoteAdapter, held: Held, cursor?: string): Promise<{ messages: InboundMessage[]; cursor: string; pages: number }> {
  const messages: InboundMessage[] = [];
  let pages = 0;
  for (;;) {
    const page = await adapter.pull(cursor, held, { limit: 100, waitSeconds: 0 });
    pages++;
    messages.push(...page.messages);
    cursor = page.cursor;
    if (!page.hasMore) return { messages, cursor, pages };
    if (pages > 50) throw new Error('the round does not end');
  }
}

async function clearShop() {
  for (const order of await shop.orders()) await shop.request(`/orders/${String(order.id)}`, { method: 'DELETE' });
}

describe('rest adapter against json-server', () => {
  let adapter: RemoteAdapter;
  let held: Held;
  beforeEach(async () => {
    await clearShop();
    adapter = adapterFor();
    held = new Held();
  });

  it('polls at the mapping interval', () => {
    expect(adapter.kind).toBe('rest');
    expect(adapter.idlePollMs).toBe(500);
  });

  it('creates our order in the shop with its shape and our id', async () => {
    const order = ourOrder({ note: 'ring twice' });
    const [result] = await adapter.push([held.create(order)]);
    expect(result).toMatchObject({ orderId: order.id, outcome: 'delivered', reply: { state: ST.OK, version: 1, base: 1, order } });
    const stored = await shop.orders();
    expect(stored).toHaveLength(1);
    expect(result!.reply!.remoteKey).toBe(String(stored[0]!.id));
    expect(stored[0]).toMatchObject({
      external_ref: order.id,
      order_no: order.code,
      state: 'paid',
      buyer: { full_name: 'Grace Hopper', email_address: 'grace@example.com' },
      ship_to: { town: 'Arlington', country: 'US' },
      items: [{ product_code: 'COBOL-1', title: 'Compiler', qty: 3, price: '19.99' }],
      shipping_price: '5.00',
      remarks: 'ring twice',
    });
  });

  it('a create whose answer was lost does not create a second order', async () => {
    const message = held.create(ourOrder());
    const [first] = await adapter.push([message]);
    // The reply never arrived: the engine sends the same message again.
    const [second] = await adapter.push([message]);
    expect(second!.reply).toMatchObject({ state: ST.OK, remoteKey: first!.reply!.remoteKey });
    expect(await shop.orders()).toHaveLength(1);
    // And the poll recognises the order as ours, acknowledging it (base was still 0 here).
    const { messages } = await pullRound(adapter, held);
    expect(messages).toEqual([expect.objectContaining({ orderId: message.orderId, state: ST.OK, version: 1, base: 1, remoteKey: first!.reply!.remoteKey })]);
  });

  it('a shop order arrives as NEW; unchanged is nothing; an edit in the shop is UPD', async () => {
    const created = (await (await shop.request('/orders', { method: 'POST', json: shopOrder() })).json()) as { id: number };
    const { messages, cursor } = await pullRound(adapter, held);
    const key = String(created.id);
    expect(messages).toEqual([
      expect.objectContaining({
        orderId: derivedOrderId('shop', key),
        state: ST.NEW,
        version: 1,
        base: 0,
        remoteKey: key,
        order: expect.objectContaining({ status: 'pending', code: '', lines: [{ sku: 'BOOK-1', name: 'Notes on the Engine', quantity: 2, unitPrice: 1250 }], shippingCost: 490 }),
      }),
    ]);
    held.agree(messages[0]!);

    const again = await pullRound(adapter, held, cursor);
    expect(again.messages).toEqual([]);

    await shop.request(`/orders/${key}`, { method: 'PUT', json: { ...shopOrder(), id: created.id, state: 'paid', shipping_price: '5.10' } });
    const edited = await pullRound(adapter, held, again.cursor);
    expect(edited.messages).toEqual([
      expect.objectContaining({ orderId: derivedOrderId('shop', key), state: ST.UPD, version: 2, base: 1, order: expect.objectContaining({ status: 'paid', shippingCost: 510, id: derivedOrderId('shop', key) }) }),
    ]);
  });

  it('our edit is written with read–compare–write; a concurrent shop edit is answered, not overwritten', async () => {
    const [created] = await adapter.push([held.create(ourOrder())]);
    const known = held.agree(created!.reply!);
    const key = known.remoteKey!;

    const [written] = await adapter.push([held.edit(known.orderId, { note: 'fragile' })]);
    expect(written!.reply).toMatchObject({ state: ST.OK, version: 2, base: 2 });
    expect((await (await shop.request(`/orders/${key}`)).json()) as object).toMatchObject({ remarks: 'fragile', external_ref: known.orderId });
    held.agree(written!.reply!);

    // The shop's staff change the order; our next change was built on the old content.
    const inShop = (await (await shop.request(`/orders/${key}`)).json()) as Record<string, unknown>;
    await shop.request(`/orders/${key}`, { method: 'PUT', json: { ...inShop, state: 'dispatched' } });
    const [answer] = await adapter.push([held.edit(known.orderId, { note: 'very fragile' })]);
    expect(answer!.reply).toMatchObject({ state: ST.UPD, version: 3, base: 2, remoteKey: key, order: expect.objectContaining({ status: 'shipped', note: 'fragile' }) });
    expect((await (await shop.request(`/orders/${key}`)).json()) as object).toMatchObject({ state: 'dispatched', remarks: 'fragile' });
  });

  // Seed 204 of the REST model (docs/two-way-sync.md §6): a limit of comparing states, pinned here.
  it('a shop change undone before we read the order again is no change: our waiting edit is written; seen by a poll, it is the shop\'s change', async () => {
    const [created] = await adapter.push([held.create(ourOrder({ status: 'pending' }))]);
    const known = held.agree(created!.reply!);
    const key = known.remoteKey!;
    const staffSet = async (state: string) => {
      const inShop = (await (await shop.request(`/orders/${key}`)).json()) as Record<string, unknown>;
      await shop.request(`/orders/${key}`, { method: 'PUT', json: { ...inShop, state } });
    };
    const { cursor } = await pullRound(adapter, held);

    // Our edit waits (the shop was down); meanwhile the staff set "delivered", then "new": pending
    // again in our terms, as agreed. Nothing the shop shows differs from what we agreed, so the
    // read–compare–write writes ours, as a merge would (the shop's side changed nothing).
    const ours = held.edit(known.orderId, { status: 'shipped' });
    await staffSet('delivered');
    await staffSet('new');
    const [written] = await adapter.push([ours]);
    expect(written!.reply).toMatchObject({ state: ST.OK, version: 2, base: 2 });
    expect((await (await shop.request(`/orders/${key}`)).json()) as object).toMatchObject({ state: 'dispatched' });
    held.agree(written!.reply!);

    // The same staff edit seen by a poll before it is undone is the shop's change (UPD on what we
    // agreed): the engine merges it with ours or raises a collision; nothing is overwritten.
    await staffSet('delivered');
    const seen = await pullRound(adapter, held, cursor);
    expect(seen.messages).toEqual([expect.objectContaining({ orderId: known.orderId, state: ST.UPD, version: 3, base: 2, order: expect.objectContaining({ status: 'delivered' }) })]);
  });

  it('a resolution is written without the compare', async () => {
    const [created] = await adapter.push([held.create(ourOrder())]);
    const known = held.agree(created!.reply!);
    const inShop = (await (await shop.request(`/orders/${known.remoteKey}`)).json()) as Record<string, unknown>;
    await shop.request(`/orders/${known.remoteKey}`, { method: 'PUT', json: { ...inShop, remarks: 'theirs' } });
    const message = { ...held.edit(known.orderId, { note: 'chosen' }), resolution: true };
    const [answer] = await adapter.push([message]);
    expect(answer!.reply).toMatchObject({ state: ST.OK, version: 2 });
    expect((await (await shop.request(`/orders/${known.remoteKey}`)).json()) as object).toMatchObject({ remarks: 'chosen' });
  });

  it('a deletion is written as the status word; without a deletion mapping it is refused in words', async () => {
    const [created] = await adapter.push([held.create(ourOrder())]);
    const known = held.agree(created!.reply!);
    const [deleted] = await adapter.push([held.edit(known.orderId, { deleted: true }, ST.DEL)]);
    expect(deleted!.reply).toMatchObject({ state: ST.DEL_SYNCED, version: 2 });
    expect((await (await shop.request(`/orders/${known.remoteKey}`)).json()) as object).toMatchObject({ state: 'void' });

    const noDelete = adapterFor({ deletion: { style: 'none' } });
    const [other] = await noDelete.push([held.create(ourOrder())]);
    const second = held.agree(other!.reply!);
    const [refused] = await noDelete.push([held.edit(second.orderId, { deleted: true }, ST.DEL)]);
    expect(refused!.reply).toMatchObject({ state: ST.ERROR, version: 2, base: 1, error: expect.stringContaining("this shop's API cannot delete orders") });
  });

  it('an unmappable shop order is an error for that order, naming the field', async () => {
    const created = (await (await shop.request('/orders', { method: 'POST', json: shopOrder({ state: 'on_hold', shipping_price: '4.9x' }) })).json()) as { id: number };
    const { messages } = await pullRound(adapter, held);
    expect(messages).toEqual([
      expect.objectContaining({ orderId: derivedOrderId('shop', String(created.id)), state: ST.NEW, order: null, error: expect.stringContaining('state "on_hold" is not a status') }),
    ]);
  });

  it('a refusal by the shop (4xx) is an error for that order only', async () => {
    const refusing = adapterFor({ paths: { ...shopMapping.paths, create: '/orders/nowhere' } });
    const [result] = await refusing.push([held.create(ourOrder())]);
    expect(result!.reply).toMatchObject({ state: ST.ERROR, version: 1, base: 0, error: expect.stringContaining('answered 404') });
  });

  describe('paging', () => {
    beforeEach(async () => {
      for (let i = 0; i < 5; i++) await shop.request('/orders', { method: 'POST', json: shopOrder({ order_no: `WEB-${i}` }) });
    });

    it.each([
      ['page/limit', { paging: { style: 'page', pageParam: '_page', limitParam: '_limit', limit: 2 } }, 3],
      ['offset', { paging: { style: 'offset', offsetParam: '_start', limitParam: '_limit', limit: 2 } }, 3],
      ['Link header', { paging: { style: 'link', limitParam: '_limit', limit: 2 }, listParams: { _sort: 'id', _page: '1' } }, 3],
      ['none', { paging: { style: 'none' } }, 1],
    ] as const)('%s: a full round sees every order once', async (_name, settings, pages) => {
      const paged = adapterFor({ ...settings, changedSince: undefined });
      const round = await pullRound(paged, held);
      expect(round.pages).toBe(pages);
      expect(round.messages.map((m) => m.state)).toEqual([ST.NEW, ST.NEW, ST.NEW, ST.NEW, ST.NEW]);
      expect(new Set(round.messages.map((m) => m.remoteKey)).size).toBe(5);
      // A full scan starts again from the first page each round.
      const next = await paged.pull(round.cursor, held, { limit: 100, waitSeconds: 0 });
      expect(next.messages).toHaveLength(pages === 1 ? 5 : 2);
    });

    it('changed since: the next round asks only for what changed (with the overlap)', async () => {
      const timed = adapterFor({ paging: { style: 'page', pageParam: '_page', limitParam: '_limit', limit: 2 }, changedSince: { param: 'updated_at_gte', field: 'updated_at', overlapMs: 0 } });
      const first = await pullRound(timed, held);
      expect(first.messages).toHaveLength(5);
      for (const m of first.messages) held.agree(m);
      const quiet = await pullRound(timed, held, first.cursor);
      // After a round of several pages, the next starts from the latest change on the first page (a
      // write to a page already read must not be missed): it re-reads some orders, finds nothing new.
      expect(quiet.pages).toBeLessThanOrEqual(first.pages);
      expect(quiet.messages).toEqual([]);
      const target = first.messages[2]!.remoteKey!;
      const current = (await (await shop.request(`/orders/${target}`)).json()) as Record<string, unknown>;
      await shop.request(`/orders/${target}`, { method: 'PUT', json: { ...current, state: 'paid' } });
      const changed = await pullRound(timed, held, quiet.cursor);
      expect(changed.messages).toEqual([expect.objectContaining({ remoteKey: target, state: ST.UPD, order: expect.objectContaining({ status: 'paid' }) })]);
    });
  });

  describe('the shop down', () => {
    afterEach(async () => {
      await shop.restart();
    });

    it('is a TransportError (not permanent) for pull and push', async () => {
      await shop.stop();
      const pulled = await adapter.pull(undefined, held, { limit: 100, waitSeconds: 0 }).catch((e: unknown) => e);
      expect(pulled).toBeInstanceOf(TransportError);
      expect((pulled as TransportError).permanent).toBe(false);
      const pushed = await adapter.push([held.create(ourOrder())]).catch((e: unknown) => e);
      expect(pushed).toBeInstanceOf(TransportError);
      expect((pushed as TransportError).permanent).toBe(false);
    });
  });
});
