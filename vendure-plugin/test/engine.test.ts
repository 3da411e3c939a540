import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance } from '../../server/src/app.js';
import { VendureClient } from '../../server/src/integration/vendure/vendure-client.js';
import { contentFromVendure } from '../../server/src/integration/vendure/vendure-mapping.js';
import { orderIdForShopOrder } from '../../server/src/integration/vendure/vendure-messages.js';
import { VendureOrders } from '../../server/src/integration/vendure/vendure-orders.js';
import { sampleOrder, startTestInstance, type TestInstance } from '../../server/test/support/instances.js';
import { waitFor } from '../../server/test/support/server-process.js';
import { PAYMENT_METHOD_CODE } from './support/catalog.js';
import { placeShopOrder } from './support/shop-customer.js';
import { syncClientFor } from './support/sync-client.js';
import { startTestShop, SUPERADMIN, type TestShop } from './support/vendure-server.js';

/**
 * The `vendure` remote kind through the whole engine: a real Vendure (one for the file) and a real
 * instance of the Orders service with the shop declared in REMOTES_FILE, its loops running as in
 * production. Everything is checked over HTTP: our REST and GraphQL APIs here, the Admin API there.
 * The shop's own staff work under an administrator of their own (not the sync's login).
 */

const WAIT = { timeoutMs: 30_000, intervalMs: 200 };
const STAFF = { username: 'staff', password: 'staff-test-password' };

type SyncRow = { remote: string; state: string; reason: string | null; remoteKey: string | null };
type OrderJson = Record<string, any>;

/** An order of ours the test shop can take: EUR, a German address, catalog SKUs. */
const shopReadyOrder = (overrides: Record<string, unknown> = {}) =>
  sampleOrder({
    customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+49 30 1234567' },
    shippingAddress: { fullName: 'Ada Lovelace', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', countryCode: 'DE' },
    currency: 'EUR',
    lines: [
      { sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 2, unitPrice: 1290 },
      { sku: 'BOOK-01', name: 'Paperback', quantity: 1, unitPrice: 1500 },
    ],
    shippingCost: 490,
    ...overrides,
  });

describe('a Vendure shop as a remote, through the whole engine', () => {
  let shop: TestShop;
  /** The sync's client, for looking at the shop. */
  let inspect: VendureOrders;
  let inspectClient: VendureClient;
  /** The shop's staff (their own administrator), for changes made in the shop. */
  let staff: VendureOrders;
  let a: TestInstance;
  const cleanup: (() => Promise<void>)[] = [];

  /** REMOTES_FILE as an operator writes it; the password comes from the environment. */
  function remotesFile(): string {
    const dir = mkdtempSync(join(tmpdir(), 'vendure-remotes-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'remotes.json');
    writeFileSync(
      file,
      JSON.stringify({
        remotes: [
          {
            name: 'shop',
            kind: 'vendure',
            label: 'Vendure shop',
            url: shop.adminApiUrl,
            credentials: { username: SUPERADMIN.username, password: '${SHOP_PASSWORD}' },
            settings: { paymentMethodCode: PAYMENT_METHOD_CODE, unitPriceOverride: true, pollIntervalMs: 300 },
          },
        ],
      }),
    );
    return file;
  }

  const instanceEnv = (extra: Record<string, string> = {}) => ({
    INSTANCE_NAME: 'A',
    ORDER_CODE_PREFIX: 'A',
    REMOTES_FILE: remotesFile(),
    SHOP_PASSWORD: SUPERADMIN.password,
    ...extra,
  });

  beforeAll(async () => {
    shop = await startTestShop({ plugin: { unitPriceOverride: true } });
    cleanup.push(() => shop.stop());
    ({ orders: inspect, client: inspectClient } = syncClientFor(shop, { unitPriceOverride: true }));
    const { roles } = await shop.adminClient.query<{ roles: { items: { id: string; code: string }[] } }>(
      parse(`query { roles { items { id code } } }`),
    );
    const superRole = roles.items.find((r) => r.code === '__super_admin_role__')!;
    await shop.adminClient.query(
      parse(`mutation($input: CreateAdministratorInput!) { createAdministrator(input: $input) { id } }`),
      { input: { firstName: 'Shop', lastName: 'Staff', emailAddress: STAFF.username, password: STAFF.password, roleIds: [superRole.id] } },
    );
    staff = new VendureOrders(new VendureClient({ adminApiUrl: shop.adminApiUrl, credentials: STAFF }), {
      unitPriceOverride: true,
      paymentMethodCode: PAYMENT_METHOD_CODE,
    });
    a = await startTestInstance('pglite', instanceEnv());
    cleanup.push(() => a.stop());
  });

  afterAll(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => {});
  });

  const syncsOf = async (instance: TestInstance, orderId: string) => {
    const res = await instance.graphql<{ order: { syncs: SyncRow[] } }>(
      `query($id: ID!) { order(id: $id) { syncs { remote state reason remoteKey } } }`,
      { id: orderId },
      await instance.adminToken(),
    );
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data!.order.syncs;
  };
  /** What the sync says, for a timeout's message. */
  let lastDiagnosis: unknown = null;
  const diagnose = async (orderId?: string) => {
    const res = await a.graphql(
      `query($id: ID) { syncStatus(remote: "shop") { state lastError outboxDepth deadLetters } syncLog(orderId: $id, perPage: 8, remote: "shop") { items { direction messageState stateBefore stateAfter outcome detail } } }`,
      { id: orderId ?? null },
      await a.adminToken(),
    );
    lastDiagnosis = res.body;
  };
  const why = { describe: () => lastDiagnosis };
  const shopSync = async (orderId: string) => (await syncsOf(a, orderId)).find((s) => s.remote === 'shop');
  const agreed = (orderId: string, what = 'the order agreed with the shop') =>
    waitFor(async () => {
      const s = await shopSync(orderId);
      return s?.state === 'OK' && s.remoteKey ? s : undefined;
    }, { ...WAIT, what });
  const here = async (id: string): Promise<OrderJson | undefined> => {
    const res = await a.api(`/api/orders/${id}`);
    return res.status === 200 ? res.json() : undefined;
  };
  const create = async (body: Record<string, unknown>): Promise<OrderJson> => {
    const res = await a.api('/api/orders', { method: 'POST', json: body });
    expect(res.status).toBe(201);
    return res.json();
  };
  const edit = async (id: string, change: Record<string, unknown>): Promise<OrderJson> => {
    const current = (await here(id))!;
    const res = await a.api(`/api/orders/${id}`, { method: 'PUT', json: { version: current.version, ...change } });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body;
  };
  const shopCopy = (remoteKey: string) => inspect.getById(remoteKey).then((o) => o!);
  const countInShop = async (externalId: string) =>
    (
      await inspectClient.request<{ orders: { totalItems: number } }>(
        `query($id: String!) { orders(options: { filter: { externalId: { eq: $id } } }) { totalItems } }`,
        { id: externalId },
      )
    ).orders.totalItems;

  it('1. an order placed in the shop appears here, mapped, with its status', async () => {
    const placed = await placeShopOrder(shop, [
      { sku: 'TEE-M', quantity: 2 },
      { sku: 'BOOK-01', quantity: 1 },
    ]);
    const id = orderIdForShopOrder('shop', placed.id);
    const order = await waitFor(async () => (await diagnose()) ?? (await here(id)), { ...WAIT, ...why, what: 'the shop order here' });
    expect(order).toMatchObject({
      status: 'paid',
      currency: 'EUR',
      customer: { name: 'Grace Hopper' },
      shippingAddress: { line1: 'Arcisstraße 21', city: 'München', postalCode: '80333', countryCode: 'DE' },
      lines: [
        { sku: 'TEE-M', name: 'T-shirt M', quantity: 2, unitPrice: 2499 },
        { sku: 'BOOK-01', name: 'Paperback', quantity: 1, unitPrice: 1500 },
      ],
      shippingCost: 490,
    });
    // A code of ours; the shop's code stays the shop's.
    expect(order.code).toMatch(/^A-\d{6}$/);
    expect(await agreed(id)).toMatchObject({ remoteKey: placed.id });
    // Taken in once: no echo makes a second order here or there.
    await sleep(1_500);
    const list = await a.orders.list({ filter: { includeDeleted: true }, page: 1, perPage: 500 });
    expect(list.items.filter((o) => o.id === id)).toHaveLength(1);
    expect((await here(id))!.version).toBe(order.version);
  });

  it('2. an order created here appears in the shop as a placed order with its lines, address and status', async () => {
    const created = await create(shopReadyOrder({ status: 'paid', note: 'made here' }));
    const { remoteKey } = await agreed(created.id, 'our order in the shop');
    const there = await shopCopy(remoteKey!);
    expect(there).toMatchObject({ state: 'PaymentSettled', customFields: { externalId: created.id, syncNote: 'made here' } });
    expect(there.orderPlacedAt).not.toBeNull();
    expect(contentFromVendure(there)).toMatchObject({
      status: 'paid',
      shippingAddress: { fullName: 'Ada Lovelace', line1: 'Unter den Linden 1', line2: null, city: 'Berlin', postalCode: '10117', countryCode: 'DE' },
      lines: [
        { sku: 'MUG-BLUE', quantity: 2, unitPrice: 1290 },
        { sku: 'BOOK-01', quantity: 1, unitPrice: 1500 },
      ],
      shippingCost: 490,
    });
    expect(await countInShop(created.id)).toBe(1);
  });

  it("3. a status edit here becomes the shop's transition; the shop's fulfilment comes back as a status", async () => {
    const created = await create(shopReadyOrder({ status: 'paid' }));
    const { remoteKey } = await agreed(created.id);
    await edit(created.id, { status: 'shipped' });
    await waitFor(async () => (await shopCopy(remoteKey!)).state === 'Shipped', { ...WAIT, what: 'Shipped in the shop' });
    await agreed(created.id);

    // The shop's staff mark it delivered (its fulfilment to Delivered).
    await staff.setStatus(remoteKey!, 'delivered');
    expect((await shopCopy(remoteKey!)).state).toBe('Delivered');
    await waitFor(async () => (await here(created.id))?.status === 'delivered', { ...WAIT, what: 'delivered here' });

    // A shop order fulfilled and shipped by the staff: shipped here.
    const placed = await placeShopOrder(shop, [{ sku: 'MUG-RED', quantity: 1 }]);
    const id = orderIdForShopOrder('shop', placed.id);
    await waitFor(() => here(id), { ...WAIT, what: 'the shop order here' });
    await staff.setStatus(placed.id, 'shipped');
    await waitFor(async () => (await here(id))?.status === 'shipped', { ...WAIT, what: 'shipped here' });
  });

  it('4. address and quantity edits here modify the shop order; the same edits in the shop come here', async () => {
    const created = await create(shopReadyOrder({ status: 'paid' }));
    const { remoteKey } = await agreed(created.id);
    const before = await shopCopy(remoteKey!);
    const address = { fullName: 'Ada King', line1: 'Jungfernstieg 7', line2: 'c/o Byron', city: 'Hamburg', postalCode: '20354', countryCode: 'DE' };
    await edit(created.id, {
      shippingAddress: address,
      lines: [
        { sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 3, unitPrice: 1290 },
        { sku: 'BOOK-01', name: 'Paperback', quantity: 1, unitPrice: 1500 },
      ],
    });
    const after = await waitFor(async () => {
      const o = await shopCopy(remoteKey!);
      return o.lines.find((l) => l.productVariant.sku === 'MUG-BLUE')?.quantity === 3 && o.state === 'PaymentSettled' ? o : undefined;
    }, { ...WAIT, what: 'the modification in the shop' });
    expect(contentFromVendure(after).shippingAddress).toEqual(address);
    // One more mug, paid by a second manual payment.
    expect(after.totalWithTax - before.totalWithTax).toBe(1290);
    await agreed(created.id);

    // The shop's staff change the address and drop the book (a refund): here both.
    const shopContent = contentFromVendure(await shopCopy(remoteKey!));
    const staffAddress = { ...address, line1: 'Mönckebergstraße 1', line2: null };
    await staff.updateOrder(remoteKey!, { ...shopContent, shippingAddress: staffAddress, lines: shopContent.lines.filter((l) => l.sku !== 'BOOK-01') });
    const changed = await waitFor(async () => {
      const o = await here(created.id);
      return o?.lines.length === 1 ? o : undefined;
    }, { ...WAIT, what: "the shop's modification here" });
    expect(changed).toMatchObject({ shippingAddress: { line1: 'Mönckebergstraße 1', line2: null }, lines: [{ sku: 'MUG-BLUE', quantity: 3 }] });
    await agreed(created.id);
  });

  it('5. a cancellation here cancels the shop order; one in the shop cancels ours', async () => {
    const created = await create(shopReadyOrder({ status: 'paid' }));
    const { remoteKey } = await agreed(created.id);
    await edit(created.id, { status: 'cancelled' });
    await waitFor(async () => (await diagnose(created.id)) ?? (await shopCopy(remoteKey!)).state === 'Cancelled', { ...WAIT, ...why, what: 'Cancelled in the shop' });
    await agreed(created.id);
    // Cancelled is a status: the order keeps its lines here.
    expect((await here(created.id))!.lines).toHaveLength(2);

    const other = await create(shopReadyOrder({ status: 'paid' }));
    const key = (await agreed(other.id)).remoteKey!;
    await staff.setStatus(key, 'cancelled');
    await waitFor(async () => (await here(other.id))?.status === 'cancelled', { ...WAIT, what: 'cancelled here' });
    expect((await here(other.id))!.lines).toHaveLength(2);
  });

  it("6. what the shop refuses makes the order ERROR with the shop's reason; both copies kept; resolved it ends OK", async () => {
    const created = await create(shopReadyOrder({ lines: [{ sku: 'NOPE-9', name: 'Ghost', quantity: 1, unitPrice: 100 }] }));
    const error = await waitFor(async () => {
      const s = await shopSync(created.id);
      return s?.state === 'ERROR' ? s : undefined;
    }, { ...WAIT, what: 'the refusal here' });
    console.log(`[engine refusal] unknown SKU: ${error.reason}`);
    expect(error.reason).toBe("The shop's catalog has no product with SKU NOPE-9; lines must be products of the shop.");
    expect(await here(created.id)).toMatchObject({ lines: [{ sku: 'NOPE-9' }] });
    expect(await countInShop(created.id)).toBe(0);

    // What the shop refused can be corrected here first (local-changes.ts): the correction waits for
    // the resolution (nothing goes to the shop meanwhile), then the shop takes the resolved order.
    await edit(created.id, { lines: [{ sku: 'TEE-L', name: 'T-shirt L', quantity: 1, unitPrice: 2499 }] });
    expect((await shopSync(created.id))?.state).toBe('ERROR');
    expect(await countInShop(created.id)).toBe(0);
    const resolved = await a.graphql(`mutation($id: ID!) { resolveCollision(orderId: $id, take: OURS, remote: "shop") { id } }`, { id: created.id }, await a.adminToken());
    expect(resolved.body.errors).toBeUndefined();
    const { remoteKey } = await agreed(created.id, 'the resolved order agreed');
    expect(contentFromVendure(await shopCopy(remoteKey!)).lines).toEqual([{ sku: 'TEE-L', name: 'T-shirt L', quantity: 1, unitPrice: 2499 }]);
    expect(await countInShop(created.id)).toBe(1);

    // A transition the shop's process forbids (delivered back to paid): ERROR, the shop keeps
    // Delivered, we keep paid; resolved with the shop's copy, it ends OK, delivered on both sides.
    const done = await create(shopReadyOrder({ status: 'delivered' }));
    const key = (await agreed(done.id)).remoteKey!;
    await edit(done.id, { status: 'paid' });
    const back = await waitFor(async () => {
      const s = await shopSync(done.id);
      return s?.state === 'ERROR' ? s : undefined;
    }, { ...WAIT, what: 'the refused transition here' });
    console.log(`[engine refusal] delivered -> paid: ${back.reason}`);
    expect(back.reason).toMatch(/only goes forward/);
    expect((await here(done.id))!.status).toBe('paid');
    expect((await shopCopy(key)).state).toBe('Delivered');
    const theirs = await a.graphql(`mutation($id: ID!) { resolveCollision(orderId: $id, take: THEIRS, remote: "shop") { status } }`, { id: done.id }, await a.adminToken());
    expect(theirs.body.errors).toBeUndefined();
    await agreed(done.id, 'agreed after taking the shop copy');
    expect((await here(done.id))!.status).toBe('delivered');
    expect((await shopCopy(key)).state).toBe('Delivered');
  });

  it('7. the shop down and back: what changed here meanwhile reaches it', async () => {
    const existing = await create(shopReadyOrder({ status: 'paid' }));
    const key = (await agreed(existing.id)).remoteKey!;
    await shop.halt();
    const made: OrderJson[] = [];
    try {
      for (let i = 0; i < 3; i++) made.push(await create(shopReadyOrder({ status: 'paid', note: `while down ${i}` })));
      await edit(existing.id, { note: 'changed while the shop was down', status: 'shipped' });
      await waitFor(async () => (await a.sync.status('shop')).lastError || undefined, { ...WAIT, what: 'the shop seen down' });
    } finally {
      await shop.resume();
    }
    for (const order of made) {
      const { remoteKey } = await agreed(order.id, 'an order made while the shop was down');
      expect((await shopCopy(remoteKey!)).customFields.syncNote).toBe(order.note);
      expect(await countInShop(order.id)).toBe(1);
    }
    await waitFor(async () => {
      const o = await shopCopy(key);
      return o.state === 'Shipped' && o.customFields.syncNote === 'changed while the shop was down';
    }, { ...WAIT, what: 'the edit made while down in the shop' });
  });

  it('8. this instance stopped mid-sync and started again on its database: no order twice in the shop', async () => {
    // Only this instance talks to the shop now.
    await a.sync.setPaused(true, 'shop');
    const dataDir = mkdtempSync(join(tmpdir(), 'vendure-restart-'));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startTestInstance('pglite', instanceEnv({ DATA_DIR: dataDir }));
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await first.api('/api/orders', { method: 'POST', json: shopReadyOrder({ status: 'paid', note: `r${i}` }) });
      ids.push((await res.json()).id);
    }
    // Closed while the sender is busy: some creates sent, some under way, some answers not taken in.
    await sleep(400);
    await first.close();
    const again = await createInstance(first.config, { logger: false });
    cleanup.push(() => again.close());
    await again.listen();
    await waitFor(async () => {
      const counts = await Promise.all(ids.map(countInShop));
      return counts.every((n) => n >= 1) || undefined;
    }, { timeoutMs: 60_000, intervalMs: 300, what: 'every order in the shop' });
    await waitFor(async () => (await again.sync.status('shop')).outboxDepth === 0 || undefined, { ...WAIT, what: 'the queue drained' });
    expect(await Promise.all(ids.map(countInShop))).toEqual(ids.map(() => 1));
    // A restart and eight creates: slower than 60 s when the rest of the Vendure suite runs beside it.
  }, 150_000);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
