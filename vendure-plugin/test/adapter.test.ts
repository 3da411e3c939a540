import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage, RemoteAdapter } from '../../server/src/integration/remote-adapter.js';
import { ST } from '../../server/src/integration/sync-state.js';
import { TransportError } from '../../server/src/integration/transport.js';
import { createVendureAdapter } from '../../server/src/integration/vendure/vendure-adapter.js';
import { contentFromVendure } from '../../server/src/integration/vendure/vendure-mapping.js';
import { orderIdForShopOrder } from '../../server/src/integration/vendure/vendure-messages.js';
import { PAYMENT_METHOD_CODE } from './support/catalog.js';
import { InMemoryRemoteRecords } from './support/in-memory-remote.js';
import { placeShopOrder } from './support/shop-customer.js';
import { sampleContent, useSyncedShop } from './support/sync-client.js';
import { SUPERADMIN } from './support/vendure-server.js';

/**
 * The `vendure` remote kind's adapter against a real shop, driven directly as the engine would:
 * pushes of our messages, pulls of the shop's changes, with the engine's records in memory.
 */
describe('the Vendure adapter', () => {
  const env = useSyncedShop({ plugin: { unitPriceOverride: true } }, { unitPriceOverride: true });
  const records = new InMemoryRemoteRecords();
  let adapter: RemoteAdapter;
  let cursor: string | undefined;
  const pullOptions = { limit: 100, waitSeconds: 0 };
  // The plugin's stamps of some changes follow their commit by a few ms.
  const settle = () => sleep(300);

  const ready = () => {
    adapter ??= createVendureAdapter({
      name: 'shop',
      kind: 'vendure',
      url: env.shop.adminApiUrl,
      credentials: SUPERADMIN,
      settings: { paymentMethodCode: PAYMENT_METHOD_CODE, unitPriceOverride: true, pollIntervalMs: 1500 },
    });
    return adapter;
  };
  const pull = async () => {
    await settle();
    const page = await ready().pull(cursor, records, pullOptions);
    cursor = page.cursor;
    return page;
  };
  /** Pushes one message and returns the adapter's reply (applied to the records unless it is an error or a change). */
  const pushOne = async (id: string, message = records.outgoing(id)) => {
    const [result] = await ready().push([message]);
    expect(result).toMatchObject({ orderId: id, outcome: 'delivered' });
    const reply = result!.reply!;
    if (reply.state === ST.OK) records.apply(reply);
    return reply;
  };
  const shopOrderOf = async (id: string) => (await env.orders.getById(records.get(id).remoteKey!))!;

  it('declares its poll interval', () => {
    expect(ready()).toMatchObject({ kind: 'vendure', idlePollMs: 1500 });
  });

  it('reports a wrong password as a TransportError of the whole remote, not to retry as is', async () => {
    const wrong = createVendureAdapter({
      name: 'shop',
      kind: 'vendure',
      url: env.shop.adminApiUrl,
      credentials: { username: SUPERADMIN.username, password: 'not-the-password' },
      settings: { paymentMethodCode: PAYMENT_METHOD_CODE },
    });
    const err = await wrong.pull(undefined, records, pullOptions).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ permanent: true, message: expect.stringMatching(/refused the login of "superadmin"/) });
  });

  it('brings a shop order here as NEW, with the shop code and content, once', async () => {
    const placed = await placeShopOrder(env.shop, [
      { sku: 'TEE-M', quantity: 2 },
      { sku: 'BOOK-01', quantity: 1 },
    ]);
    const page = await pull();
    expect(page.hasMore).toBe(false);
    expect(page.messages).toHaveLength(1);
    const [message] = page.messages;
    const orderId = orderIdForShopOrder('shop', placed.id);
    expect(message).toMatchObject({ orderId, state: ST.NEW, version: 1, base: 0, resolution: false, remoteKey: placed.id });
    expect(message!.order).toMatchObject({
      id: orderId,
      // A code of ours is given on arrival: the shop's is not one.
      code: '',
      status: 'paid',
      currency: 'EUR',
      customer: { name: 'Grace Hopper' },
      shippingAddress: { line1: 'Arcisstraße 21', city: 'München', postalCode: '80333', countryCode: 'DE' },
      lines: [
        { sku: 'TEE-M', name: 'T-shirt M', quantity: 2, unitPrice: 2499 },
        { sku: 'BOOK-01', name: 'Paperback', quantity: 1, unitPrice: 1500 },
      ],
      shippingCost: 490,
      note: null,
      total: 2 * 2499 + 1500 + 490,
    });
    records.apply(message!);
    expect((await pull()).messages).toEqual([]);
  });

  it('creates our order in the shop as a placed, paid order, acknowledged with the shop id', async () => {
    const id = randomUUID();
    const content = sampleContent({
      lines: [
        { sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 2, unitPrice: 1290 },
        { sku: 'BOOK-01', name: 'Paperback', quantity: 1, unitPrice: 1500 },
      ],
    });
    const reply = await pushOne(id, records.create(id, content));
    expect(reply).toMatchObject({ orderId: id, state: ST.OK, version: 1, base: 1 });
    expect(reply.remoteKey).toMatch(/^\d+$/);
    const shop = await shopOrderOf(id);
    expect(shop).toMatchObject({ state: 'PaymentSettled', customFields: { externalId: id, syncNote: 'Leave at the door' } });
    expect(shop.orderPlacedAt).not.toBeNull();
    expect(contentFromVendure(shop)).toEqual(content);
    // The shop's copy is what was agreed: nothing comes back.
    expect((await pull()).messages).toEqual([]);
  });

  it('turns status, address and quantity edits here into the shop\'s transitions and modifications', async () => {
    const id = randomUUID();
    await pushOne(id, records.create(id, sampleContent({ status: 'pending' })));
    expect((await shopOrderOf(id)).state).toBe('ArrangingPayment');

    await pushOne(id, records.edit(id, { status: 'paid' }));
    expect((await shopOrderOf(id)).state).toBe('PaymentSettled');

    const before = await shopOrderOf(id);
    const address = { fullName: 'Ada King', line1: 'Jungfernstieg 7', line2: 'c/o Byron', city: 'Hamburg', postalCode: '20354', countryCode: 'DE' };
    const reply = await pushOne(id, records.edit(id, { shippingAddress: address, lines: [{ sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 3, unitPrice: 1290 }] }));
    expect(reply).toMatchObject({ state: ST.OK, version: 3, base: 3 });
    const after = await shopOrderOf(id);
    expect(after.state).toBe('PaymentSettled');
    expect(contentFromVendure(after)).toEqual(expect.objectContaining({ shippingAddress: address, lines: records.get(id).order.lines }));
    // One more mug: the difference paid by a second manual payment.
    expect(after.totalWithTax - before.totalWithTax).toBe(1290);
    expect(after.payments?.filter((p) => p.state === 'Settled')).toHaveLength(2);

    await pushOne(id, records.edit(id, { status: 'shipped' }));
    expect((await shopOrderOf(id)).state).toBe('Shipped');
    expect((await pull()).messages).toEqual([]);
  });

  it('cancels in the shop what is cancelled here', async () => {
    const id = randomUUID();
    await pushOne(id, records.create(id, sampleContent()));
    const reply = await pushOne(id, records.edit(id, { status: 'cancelled' }));
    expect(reply.state).toBe(ST.OK);
    expect((await shopOrderOf(id)).state).toBe('Cancelled');
    // Cancelled is a status, not a deletion: the order keeps its lines here.
    expect((await pull()).messages).toEqual([]);
  });

  it('brings the shop\'s edits here as changes on the last agreed version', async () => {
    const id = randomUUID();
    const content = sampleContent();
    await pushOne(id, records.create(id, content));
    const remoteKey = records.get(id).remoteKey!;
    await env.orders.setStatus(remoteKey, 'shipped');
    await env.client.request(`mutation($id: ID!) { setOrderCustomFields(input: { id: $id, customFields: { syncNote: "Gift wrap" } }) { id } }`, { id: remoteKey });

    const page = await pull();
    const message = page.messages.find((m) => m.orderId === id);
    expect(page.messages).toHaveLength(1);
    expect(message).toMatchObject({ state: ST.UPD, version: 2, base: 1, remoteKey });
    expect(message!.order).toMatchObject({ id, code: records.get(id).order.code, status: 'shipped', note: 'Gift wrap', lines: content.lines });
    records.apply(message!);
    expect((await pull()).messages).toEqual([]);
  });

  it('answers a push over a shop change with that change and writes nothing (read, compare, write)', async () => {
    const id = randomUUID();
    await pushOne(id, records.create(id, sampleContent()));
    const remoteKey = records.get(id).remoteKey!;
    await env.client.request(`mutation($id: ID!) { setOrderCustomFields(input: { id: $id, customFields: { syncNote: "Changed in the shop" } }) { id } }`, { id: remoteKey });
    const reply = await pushOne(id, records.edit(id, { lines: [{ sku: 'MUG-RED', name: 'Mug, red', quantity: 1, unitPrice: 1290 }] }));
    expect(reply).toMatchObject({ orderId: id, state: ST.UPD, version: 2, base: 1, remoteKey });
    expect(reply.order).toMatchObject({ note: 'Changed in the shop', lines: [{ sku: 'MUG-BLUE', quantity: 2 }] });
    expect((await env.orders.getById(remoteKey))!.lines.map((l) => l.productVariant.sku)).toEqual(['MUG-BLUE']);

    // An admin's resolution has seen both copies: written as it is.
    const resolved = { ...records.outgoing(id), resolution: true };
    expect(await pushOne(id, resolved)).toMatchObject({ state: ST.OK, version: 2 });
    expect(contentFromVendure(await env.orders.getById(remoteKey) as never)).toMatchObject({ note: 'Leave at the door', lines: [{ sku: 'MUG-RED', quantity: 1 }] });
  });

  it('answers what the shop refuses with ERROR and its reason, writing nothing', async () => {
    const id = randomUUID();
    const reply = await pushOne(id, records.create(id, sampleContent({ lines: [{ sku: 'NOPE-1', name: 'Ghost', quantity: 1, unitPrice: 100 }] })));
    console.log(`[adapter refusal] unknown SKU: ${reply.error}`);
    expect(reply).toMatchObject({ orderId: id, state: ST.ERROR, version: 1, base: 0, order: null });
    expect(reply.error).toBe("The shop's catalog has no product with SKU NOPE-1; lines must be products of the shop.");
    expect(await env.orders.getByExternalId(id)).toBeNull();

    const back = randomUUID();
    await pushOne(back, records.create(back, sampleContent({ status: 'delivered' })));
    const goBack = await pushOne(back, records.edit(back, { status: 'paid' }));
    console.log(`[adapter refusal] delivered -> paid: ${goBack.error}`);
    expect(goBack).toMatchObject({ state: ST.ERROR, version: 2, base: 1, remoteKey: records.get(back).remoteKey });
    expect(goBack.error).toMatch(/only goes forward/);
    expect((await shopOrderOf(back)).state).toBe('Delivered');

    const cancelled = randomUUID();
    await pushOne(cancelled, records.create(cancelled, sampleContent({ status: 'cancelled' })));
    const uncancel = await pushOne(cancelled, records.edit(cancelled, { status: 'paid' }));
    console.log(`[adapter refusal] un-cancel: ${uncancel.error}`);
    expect(uncancel.error).toMatch(/cannot un-cancel/);

    const rare = randomUUID();
    await pushOne(rare, records.create(rare, sampleContent()));
    const stock = await pushOne(rare, records.edit(rare, { lines: [{ sku: 'POSTER-RARE', name: 'Rare poster', quantity: 5, unitPrice: 9900 }] }));
    console.log(`[adapter refusal] not enough stock: ${stock.error}`);
    expect(stock.state).toBe(ST.ERROR);
    expect(contentFromVendure(await shopOrderOf(rare)).lines).toEqual(sampleContent().lines);

    // A deletion here cannot be represented there.
    const deleted = await pushOne(rare, { ...records.outgoing(rare), state: ST.DEL, base: records.get(rare).base });
    console.log(`[adapter refusal] deletion: ${deleted.error}`);
    expect(deleted.error).toMatch(/cannot delete a placed order/);
  });

  it('makes one shop order of a create pushed twice (the first answer lost), and acknowledges it from the pull', async () => {
    const id = randomUUID();
    const message = records.create(id, sampleContent());
    const [first] = await ready().push([message]);
    // The answer is lost: the records still hold the order as NEW, never agreed.
    const listed = await pull();
    expect(listed.messages.find((m) => m.orderId === id)).toMatchObject({ state: ST.OK, version: 1, base: 1, remoteKey: first!.reply!.remoteKey });

    const [second] = await ready().push([message]);
    expect(second!.reply).toMatchObject({ state: ST.OK, remoteKey: first!.reply!.remoteKey });
    const count = await env.client.request<{ orders: { totalItems: number } }>(
      `query($id: String!) { orders(options: { filter: { externalId: { eq: $id } } }) { totalItems } }`,
      { id },
    );
    expect(count.orders.totalItems).toBe(1);

    // Lost again, and edited here meanwhile: the next push still has no shop id; it finds the
    // order by our id and brings it to our latest content.
    const lost = randomUUID();
    await ready().push([records.create(lost, sampleContent())]);
    const edited = records.edit(lost, { status: 'shipped', note: 'Edited before the answer came' });
    expect(edited.remoteKey).toBeNull();
    const [answer] = await ready().push([edited]);
    expect(answer!.reply).toMatchObject({ state: ST.OK, version: 2, base: 2 });
    const shop = (await env.orders.getByExternalId(lost))!;
    expect(shop).toMatchObject({ id: answer!.reply!.remoteKey, state: 'Shipped', customFields: { syncNote: 'Edited before the answer came' } });
  });

  it('creates a refused order once an admin\'s resolution makes it one the shop can take', async () => {
    const id = randomUUID();
    const refused = await pushOne(id, records.create(id, sampleContent({ lines: [{ sku: 'NOPE-2', name: 'Ghost', quantity: 1, unitPrice: 100 }] })));
    expect(refused.state).toBe(ST.ERROR);
    const resolution = { ...records.edit(id, { lines: [{ sku: 'TEE-L', name: 'T-shirt L', quantity: 1, unitPrice: 2499 }] }), resolution: true };
    expect(await pushOne(id, resolution)).toMatchObject({ state: ST.OK, version: 2 });
    expect(contentFromVendure(await shopOrderOf(id)).lines).toEqual([{ sku: 'TEE-L', name: 'T-shirt L', quantity: 1, unitPrice: 2499 }]);
  });

  it('finishes a modification of its own that was cut off, instead of taking it for the shop\'s change', async () => {
    const transition = (id: string, state: string) =>
      env.client.request(`mutation($id: ID!, $state: String!) { transitionOrderToState(id: $id, state: $state) { ... on Order { state } ... on ErrorResult { message } } }`, { id, state });
    // Cut after modifyOrder (the price went up) and ArrangingAdditionalPayment: the payment missing.
    const paid = randomUUID();
    await pushOne(paid, records.create(paid, sampleContent()));
    const message = records.edit(paid, { lines: [{ sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 3, unitPrice: 1290 }] });
    const shop = await shopOrderOf(paid);
    await transition(shop.id, 'Modifying');
    await env.client.request(`mutation($input: ModifyOrderInput!) { modifyOrder(input: $input) { ... on Order { id } ... on ErrorResult { message } } }`, {
      input: { orderId: shop.id, dryRun: false, adjustOrderLines: [{ orderLineId: shop.lines[0]!.id, quantity: 3 }] },
    });
    await transition(shop.id, 'ArrangingAdditionalPayment');
    // Cut right after entering Modifying.
    const early = randomUUID();
    await pushOne(early, records.create(early, sampleContent()));
    const earlyMessage = records.edit(early, { status: 'shipped', lines: [{ sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 1, unitPrice: 1290 }] });
    await transition((await shopOrderOf(early)).id, 'Modifying');

    expect((await pull()).messages.filter((m) => m.orderId === paid || m.orderId === early)).toEqual([]);
    expect(await pushOne(paid, message)).toMatchObject({ state: ST.OK, version: 2 });
    const finished = await shopOrderOf(paid);
    expect(finished.state).toBe('PaymentSettled');
    expect(finished.lines.map((l) => l.quantity)).toEqual([3]);
    expect(finished.payments?.map((p) => p.state)).toEqual(['Settled', 'Settled']);
    expect(finished.totalWithTax - shop.totalWithTax).toBe(1290);

    expect(await pushOne(early, earlyMessage)).toMatchObject({ state: ST.OK, version: 2 });
    const earlyShop = await shopOrderOf(early);
    expect(earlyShop.state).toBe('Shipped');
    expect(earlyShop.lines.map((l) => l.quantity)).toEqual([1]);
    expect((await pull()).messages.filter((m) => m.orderId === paid || m.orderId === early)).toEqual([]);
  });

  it('reports to beforeWrite each write it sends, before sending it, and nothing it only reads', async () => {
    // The sender notes these versions as possibly held by the shop even if no answer comes back;
    // only a noted version the shop shows later is taken for our own write (inbound.ts).
    const noted: string[] = [];
    const note = { beforeWrite: (m: OutgoingMessage) => void noted.push(`${m.orderId.slice(0, 8)}@${m.version}`) };
    const pushNoting = async (message: OutgoingMessage) => {
      const [result] = await ready().push([message], note);
      const reply = result!.reply!;
      if (reply.state === ST.OK) records.apply(reply);
      return reply;
    };
    const id = randomUUID();
    const tag = (version: number) => `${id.slice(0, 8)}@${version}`;

    // A create is a write; so is an edit the shop does not hold yet.
    expect(await pushNoting(records.create(id, sampleContent()))).toMatchObject({ state: ST.OK, version: 1 });
    expect(await pushNoting(records.edit(id, { status: 'shipped' }))).toMatchObject({ state: ST.OK, version: 2 });
    expect(noted).toEqual([tag(1), tag(2)]);

    // A version whose content the shop already holds (here the same content again) is
    // acknowledged without a write.
    expect(await pushNoting(records.edit(id, {}))).toMatchObject({ state: ST.OK, version: 3 });
    // A push over a change made in the shop answers with that change and writes nothing.
    const remoteKey = records.get(id).remoteKey!;
    await env.client.request(`mutation($id: ID!) { setOrderCustomFields(input: { id: $id, customFields: { syncNote: "Changed in the shop" } }) { id } }`, { id: remoteKey });
    expect(await pushNoting(records.edit(id, { note: 'Changed here' }))).toMatchObject({ state: ST.UPD, version: 4, base: 3 });
    // Acknowledgements and reports write nothing in a shop.
    expect(await ready().push([{ ...records.outgoing(id), state: ST.OK }], note)).toMatchObject([{ reply: null }]);
    expect(noted).toEqual([tag(1), tag(2)]);
    expect((await env.orders.getById(remoteKey))!.customFields.syncNote).toBe('Changed in the shop');

    // Called before the request: when the note cannot be made, the write does not go out.
    const other = randomUUID();
    await pushNoting(records.create(other, sampleContent()));
    const edit = records.edit(other, { status: 'delivered' });
    const refusedNote = await ready()
      .push([edit], {
        beforeWrite: () => {
          throw new Error('the note could not be made');
        },
      })
      .catch((e: unknown) => e);
    expect(refusedNote).toMatchObject({ message: 'the note could not be made' });
    expect((await shopOrderOf(other)).state).toBe('PaymentSettled');
  });

  it('reports the shop down as a TransportError, for push and pull', async () => {
    const id = randomUUID();
    const message = records.create(id, sampleContent());
    await env.shop.stop();
    await expect(ready().pull(cursor, records, pullOptions)).rejects.toBeInstanceOf(TransportError);
    const err = await ready().push([message]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).permanent).toBe(false);
  });
});
