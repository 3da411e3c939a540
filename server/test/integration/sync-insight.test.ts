import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthzUrl, instanceNameOf, PeerNameLookup } from '../../src/integration/peer-name.js';
import { activityHours, outcomeCategory } from '../../src/integration/sync-activity.js';
import { writeLog } from '../../src/integration/sync-log.js';
import { ST } from '../../src/integration/sync-state.js';
import { HOUR_MS, hourBucket } from '../../src/shared/hour-buckets.js';
import { DRIVERS } from '../support/databases.js';
import { sampleOrder, startTestInstance, type TestInstance } from '../support/instances.js';

describe('sync activity (pure)', () => {
  it('sorts outcomes into the chart series; a pause is not a failure; unknown outcomes count nowhere', () => {
    expect(outcomeCategory('out', 'delivered')).toBe('sent');
    expect(outcomeCategory('out', 'failed')).toBe('failed');
    expect(outcomeCategory('out', 'dead')).toBe('failed');
    expect(outcomeCategory('out', 'paused')).toBe('paused');
    expect(outcomeCategory('in', 'applied')).toBe('received');
    expect(outcomeCategory('in', 'collision')).toBe('received');
    expect(outcomeCategory('in', 'rejected')).toBe('failed');
    expect(outcomeCategory('local', 'resolved')).toBe('other');
    expect(outcomeCategory('out', 'something-new')).toBe('other');
  });

  it('puts rows into their hours', () => {
    const hours = activityHours(
      [5, 6],
      [
        { bucket: 6, direction: 'out', outcome: 'delivered', n: 3 },
        { bucket: 6, direction: 'out', outcome: 'paused', n: 2 },
        { bucket: 5, direction: 'in', outcome: 'applied', n: 1 },
        { bucket: 4, direction: 'in', outcome: 'applied', n: 9 },
      ],
      [{ bucket: 6, n: 1 }],
      [{ bucket: 6, avg: 1.234, max: 2.5 }],
    );
    expect(hours).toEqual([
      { hour: new Date(5 * HOUR_MS), sent: 0, received: 1, failed: 0, paused: 0, collisions: 0, lagAvgSeconds: null, lagMaxSeconds: null },
      { hour: new Date(6 * HOUR_MS), sent: 3, received: 0, failed: 0, paused: 2, collisions: 1, lagAvgSeconds: 1.2, lagMaxSeconds: 2.5 },
    ]);
  });
});

describe('peer name (pure and over HTTP)', () => {
  let server: Server;
  let port: number;
  let asked = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      asked++;
      res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', instance: 'B' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('finds /healthz at the origin of the remote URL', () => {
    expect(healthzUrl('http://localhost:4002/api/orders')).toBe('http://localhost:4002/healthz');
    expect(healthzUrl('ftp://x/y')).toBeNull();
    expect(healthzUrl('not a url')).toBeNull();
    expect(instanceNameOf({ instance: 'B' })).toBe('B');
    expect(instanceNameOf({ instance: '<script>' })).toBeNull();
    expect(instanceNameOf(null)).toBeNull();
  });

  it('asks the peer once and remembers the answer for a minute', async () => {
    let now = 1_000_000;
    const lookup = new PeerNameLookup(() => now);
    const url = `http://127.0.0.1:${port}/api/orders`;
    expect(await lookup.nameOf(url)).toBe('B');
    expect(await lookup.nameOf(url)).toBe('B');
    expect(asked).toBe(1);
    now += 61_000;
    expect(await lookup.nameOf(url)).toBe('B');
    expect(asked).toBe(2);
    expect(await lookup.nameOf(null)).toBeNull();
  });

  it('gives null for a peer that does not answer', async () => {
    const lookup = new PeerNameLookup();
    expect(await lookup.nameOf('http://127.0.0.1:1/api/orders')).toBeNull();
  });
});

describe.each(DRIVERS)('syncActivity and syncPeer over GraphQL ($driver)', ({ driver, skip }) => {
  let peer: TestInstance;
  let instance: TestInstance;
  beforeAll(async () => {
    if (skip) return;
    peer = await startTestInstance(driver, { INSTANCE_NAME: 'B' }, { startSync: false });
    instance = await startTestInstance(driver, { INSTANCE_NAME: 'A', PEER_URL: `${peer.url}/api/orders` }, { startSync: false });
  });
  afterAll(async () => {
    await instance?.stop();
    await peer?.stop();
  });

  it.skipIf(skip)('counts the log per hour: sent, received, failed, paused, collisions, lag', async () => {
    const order = (await (await instance.api('/api/orders', { method: 'POST', json: sampleOrder() })).json()) as { id: string; version: number; updatedAt: string };
    const made = Date.parse(order.updatedAt);
    const at = (ms: number) => new Date(made + ms);
    const base = { orderId: order.id, messageState: ST.NEW, version: 1, base: 0 };
    await writeLog(instance.database.db, [
      { ...base, at: at(100), direction: 'out', outcome: 'paused', detail: 'the peer paused the sync', stateBefore: ST.NEW, stateAfter: ST.NEW },
      { ...base, at: at(200), direction: 'out', outcome: 'failed', detail: 'peer answered 502', stateBefore: ST.NEW, stateAfter: ST.NEW },
      // Logged by a sender that predates the `paused` outcome: the peer paused on purpose.
      { ...base, at: at(300), direction: 'out', outcome: 'failed', detail: 'peer answered 503: The sync of this instance is paused; retry later', stateBefore: ST.NEW, stateAfter: ST.NEW },
      { ...base, at: at(4000), direction: 'out', outcome: 'delivered', detail: 'peer: applied', stateBefore: ST.NEW, stateAfter: ST.NEW },
      { ...base, at: at(4100), direction: 'in', outcome: 'collision', detail: 'push: collision update/update', stateBefore: ST.UPD, stateAfter: ST.COLLISION },
      { ...base, at: at(4200), direction: 'in', outcome: 'duplicate', detail: 'push: collision repeat', stateBefore: ST.COLLISION, stateAfter: ST.COLLISION },
    ]);
    const res = await instance.graphql<{ syncActivity: Record<string, number | string | null>[] }>(
      '{ syncActivity(hours: 48) { hour sent received failed paused collisions lagAvgSeconds lagMaxSeconds } }',
    );
    expect(res.body.errors).toBeUndefined();
    const hours = res.body.data!.syncActivity;
    expect(hours).toHaveLength(48);
    const hour = hours.find((h) => Date.parse(String(h.hour)) === hourBucket(at(4000)) * HOUR_MS)!;
    expect(hour).toMatchObject({ sent: 1, received: 2, failed: 1, paused: 2, collisions: 1 });
    expect(hour.lagAvgSeconds).toBeCloseTo(4, 0);
    expect(hour.lagMaxSeconds).toBeCloseTo(4, 0);
  });

  it.skipIf(skip)("names the peer from its /healthz", async () => {
    const res = await instance.graphql<{ syncPeer: { url: string; name: string | null } }>('{ syncPeer { url name } }');
    expect(res.body.data?.syncPeer).toEqual({ url: `${peer.url}/api/orders`, name: 'B' });
  });
});
