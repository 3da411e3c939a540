import { afterEach, describe, expect, it } from 'vitest';
import type { SyncLogger } from '../../src/integration/sync-engine.js';
import { readLog } from '../../src/integration/sync-log.js';
import { DRIVERS, type Driver } from '../support/databases.js';
import { sampleOrder, startTestInstance, type TestInstance } from '../support/instances.js';
import { waitFor } from '../support/server-process.js';
import { createOrder, peerEnv, TOKEN_A_TO_B, TOKEN_B_TO_A } from '../support/sync-pair.js';
import { WireTap } from '../support/wire-tap.js';

/**
 * How the sync behaves towards a peer that is paused, down or refusing, and what it says about it:
 * real instances with their sync loops running, and a real HTTP hop (WireTap) between them that
 * counts every request and can play a peer that is down or answers a fixed status.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isPush = (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith('/_sync');

interface Logged {
  level: string;
  message: string;
}

/** A running instance named `name` whose sync logs into `logs`. */
async function side(driver: Driver, name: 'A' | 'B', logs: Logged[] = [], env: Record<string, string> = {}): Promise<TestInstance> {
  const log: SyncLogger = (level, message) => logs.push({ level, message });
  return startTestInstance(driver, { ...peerEnv(name), SYNC_LONG_POLL_SECONDS: '2', ...env }, { startSync: true, sync: { log } });
}

async function status(instance: TestInstance) {
  const res = await instance.graphql('{ syncStatus { state remoteUrl remoteTokenSet outboxDepth deadLetters lastError } }');
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.syncStatus as { state: string; remoteUrl: string | null; remoteTokenSet: boolean; outboxDepth: number; deadLetters: number; lastError: string | null };
}

describe.each(DRIVERS)('the sync towards a paused, failing or re-pointed peer ($driver)', ({ driver, skip }) => {
  const started: (TestInstance | WireTap)[] = [];
  afterEach(async () => {
    for (const s of started.splice(0).reverse()) await (s instanceof WireTap ? s.down() : s.stop());
  });

  it.skipIf(skip)('a paused peer is not hammered: pushes back off, show as paused (not failed), and go at once when the peer resumes', { timeout: 120_000 }, async () => {
    const logsA: Logged[] = [];
    const b = await side(driver, 'B');
    started.push(b);
    const a = await side(driver, 'A', logsA);
    started.push(a);
    const tap = await WireTap.reserve({ kind: 'forward', to: b.url });
    await tap.up();
    started.push(tap);
    await a.sync.updateRemote({ remoteUrl: `${tap.url}/api/orders`, remoteToken: TOKEN_A_TO_B });
    await b.sync.updateRemote({ remoteUrl: `${a.url}/api/orders`, remoteToken: TOKEN_B_TO_A });
    await b.sync.setPaused(true);
    // A read of A's feed that B began just before its pause took effect would, landing late, still
    // count as "B is there": let such stragglers land before A starts writing.
    await sleep(1_000);

    // A keeps writing while B is paused: 20 orders over 4 s.
    const from = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push((await createOrder(a, sampleOrder({ note: `while B is paused ${i}` }))).id);
      await sleep(200);
    }
    const pushes = tap.count(isPush, from);
    // Backoff from 0.5 s doubling: at most a handful of attempts in 4 s, whatever the write rate.
    expect(pushes, `pushes to the paused peer in 4 s`).toBeLessThanOrEqual(6);
    expect(pushes).toBeGreaterThanOrEqual(1);
    expect((await status(a)).state).toBe('peer_paused');
    const log = await readLog(a.database.db, { direction: 'out', page: 1, perPage: 100 });
    expect(log.items.length).toBeGreaterThan(0);
    expect(log.items.every((e) => e.outcome === 'paused'), JSON.stringify(log.items.map((e) => e.outcome))).toBe(true);
    expect(logsA.filter((l) => /paused its sync/.test(l.message)), JSON.stringify(logsA)).toHaveLength(1);
    expect(logsA.filter((l) => l.level !== 'info')).toEqual([]);

    // B resumes: it reads A's feed at once, which tells A it is back; A's outbox drains without
    // waiting out its backoff.
    const resumed = Date.now();
    await b.sync.setPaused(false);
    await waitFor(async () => (await status(a)).outboxDepth === 0, { timeoutMs: 5_000, intervalMs: 50, what: "A's outbox to drain after B resumed" });
    const drainedMs = Date.now() - resumed;
    expect(drainedMs).toBeLessThan(3_000);
    expect((await status(a)).state).toBe('running');
    for (const id of ids) expect((await b.api(`/api/orders/${id}`)).status).toBe(200);
    expect(logsA.filter((l) => /resumed its sync/.test(l.message))).toHaveLength(1);
  });

  it.skipIf(skip)('long polls cut by something between (a proxy that ends requests early) get shorter, and changes still flow', { timeout: 60_000 }, async () => {
    const logsA: Logged[] = [];
    const b = await side(driver, 'B');
    started.push(b);
    const a = await side(driver, 'A', logsA, { SYNC_LONG_POLL_SECONDS: '5' });
    started.push(a);
    const tap = await WireTap.reserve({ kind: 'forward', to: b.url });
    tap.cutAfterMs = 2_000;
    await tap.up();
    started.push(tap);
    await a.sync.updateRemote({ remoteUrl: `${tap.url}/api/orders`, remoteToken: TOKEN_A_TO_B });
    await b.sync.updateRemote({ remoteUrl: `${a.url}/api/orders`, remoteToken: TOKEN_B_TO_A });

    const waits = () => tap.seen.filter((r) => r.method === 'GET' && /[?&]wait=/.test(r.path)).map((r) => Number(/[?&]wait=(\d+)/.exec(r.path)![1]));
    // Two polls of 5 s cut at 2 s, then polls of 1 s (four fifths of 2 s, whole seconds), which the proxy lets through.
    await waitFor(() => waits().filter((w) => w === 1).length >= 2, { timeoutMs: 20_000, intervalMs: 100, what: 'A to poll with a shorter wait', describe: waits });
    const seen = waits();
    expect(seen.slice(0, seen.indexOf(1)).filter((w) => w === 5)).toHaveLength(2);
    expect(logsA.filter((l) => /long polls of .* are cut after about 2 s/.test(l.message)), JSON.stringify(logsA)).toHaveLength(1);
    expect(logsA.filter((l) => l.level === 'warn')).toHaveLength(1);
    // The cuts were not failures: nothing shows as failed or backing off.
    expect((await status(a)).state).toBe('running');

    // Changes still cross the proxy both ways, and the polls stay short.
    const fromA = await createOrder(a, sampleOrder({ note: 'made on A behind the proxy' }));
    const fromB = await createOrder(b, sampleOrder({ note: 'made on B' }));
    await waitFor(async () => (await b.api(`/api/orders/${fromA.id}`)).status === 200 && (await a.api(`/api/orders/${fromB.id}`)).status === 200, {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: 'both orders to reach the other side',
    });
    expect(waits().slice(seen.length).every((w) => w <= 1), JSON.stringify(waits())).toBe(true);
  });

  it.skipIf(skip)('logs a change of condition once, not every retry: unreachable, back, dead letters, settings', { timeout: 90_000 }, async () => {
    const logsA: Logged[] = [];
    const b = await side(driver, 'B');
    started.push(b);
    const a = await side(driver, 'A', logsA);
    started.push(a);
    const tap = await WireTap.reserve({ kind: 'forward', to: b.url });
    started.push(tap);
    // The tap is not listening yet: B is unreachable from A.
    await a.sync.updateRemote({ remoteUrl: `${tap.url}/api/orders`, remoteToken: TOKEN_A_TO_B });
    expect(logsA.filter((l) => /remote URL changed/.test(l.message))).toHaveLength(1);
    for (let i = 0; i < 5; i++) await createOrder(a, sampleOrder({ note: `while B is unreachable ${i}` }));
    await waitFor(() => logsA.some((l) => /unreachable/.test(l.message)), { timeoutMs: 5_000, what: 'the unreachable log line' });
    await sleep(3_000); // several retries of push and pull
    expect(logsA.filter((l) => /unreachable/.test(l.message))).toHaveLength(1);
    expect((await status(a)).state).toBe('backing_off');

    await tap.up();
    await waitFor(async () => (await status(a)).outboxDepth === 0, { timeoutMs: 35_000, what: "A's outbox to drain once B is reachable" });
    // The push that drained the outbox may note B's answer a moment after its completion commits.
    await waitFor(() => logsA.some((l) => /reachable again/.test(l.message)), { timeoutMs: 5_000, what: 'the reachable-again log line' });
    expect(logsA.filter((l) => /reachable again/.test(l.message))).toHaveLength(1);

    // A peer that refuses a message for good (a 4xx other than 409/429): parked, logged once as an error.
    tap.mode = { kind: 'answer', status: 400, body: { error: { code: 'BAD_USER_INPUT', message: 'no thanks' } } };
    await createOrder(a, sampleOrder({ note: 'refused by the peer' }));
    await waitFor(async () => (await status(a)).deadLetters === 1, { timeoutMs: 10_000, what: 'a dead letter' });
    const errors = logsA.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/dead letter/);
  });

  it.skipIf(skip)('a new remote URL never receives the stored token: it needs its own, given in the same call', { timeout: 60_000 }, async () => {
    const b = await side(driver, 'B');
    started.push(b);
    const a = await side(driver, 'A');
    started.push(a);
    await a.sync.updateRemote({ remoteUrl: `${b.url}/api/orders`, remoteToken: TOKEN_A_TO_B });
    await createOrder(a, sampleOrder());
    expect((await status(a)).remoteTokenSet).toBe(true);

    const elsewhere = await WireTap.reserve({ kind: 'answer', status: 200, body: { results: [] } });
    await elsewhere.up();
    started.push(elsewhere);
    // Through the API an admin (or an attacker with a stolen session) uses: the URL alone.
    const res = await a.graphql('mutation($u: String!) { updateSyncSettings(remoteUrl: $u) { state remoteUrl remoteTokenSet } }', { u: `${elsewhere.url}/api/orders` });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.updateSyncSettings).toEqual({ state: 'not_configured', remoteUrl: `${elsewhere.url}/api/orders`, remoteTokenSet: false });
    await createOrder(a, sampleOrder({ note: 'after the re-pointing' }));
    await sleep(1_500);
    expect(elsewhere.seen.filter((r) => r.authorization?.includes(TOKEN_A_TO_B))).toEqual([]);
    expect(elsewhere.seen).toEqual([]);

    // With a token given for it, the new URL gets that token and only that one.
    const fresh = 'a-token-for-the-new-url-0123456789';
    await a.graphql('mutation($u: String!, $t: String!) { updateSyncSettings(remoteUrl: $u, remoteToken: $t) { state } }', { u: `${elsewhere.url}/api/orders`, t: fresh });
    await waitFor(() => elsewhere.seen.length > 0, { timeoutMs: 5_000, what: 'a request to the new URL' });
    expect(elsewhere.seen.every((r) => r.authorization === `Bearer ${fresh}`)).toBe(true);

    // Back to the old URL without a token: the old stored token does not come back either.
    await a.sync.updateRemote({ remoteUrl: `${b.url}/api/orders` });
    expect((await status(a)).remoteTokenSet).toBe(false);
  });

  it.skipIf(skip)("the environment's token stays with the environment's URL", async () => {
    const b = await side(driver, 'B');
    started.push(b);
    const a = await side(driver, 'A', [], { PEER_URL: `${b.url}/api/orders`, PEER_TOKEN: TOKEN_A_TO_B });
    started.push(a);
    expect(await status(a)).toMatchObject({ state: 'running', remoteTokenSet: true });
    const elsewhere = await WireTap.reserve({ kind: 'answer', status: 200, body: { results: [] } });
    await elsewhere.up();
    started.push(elsewhere);
    await a.sync.updateRemote({ remoteUrl: `${elsewhere.url}/api/orders` });
    expect(await status(a)).toMatchObject({ state: 'not_configured', remoteTokenSet: false });
    await createOrder(a, sampleOrder());
    await sleep(1_000);
    expect(elsewhere.seen).toEqual([]);
    // Pointed back at the environment's URL, the environment's token applies again.
    await a.sync.updateRemote({ remoteUrl: `${b.url}/api/orders` });
    expect(await status(a)).toMatchObject({ state: 'running', remoteTokenSet: true });
  });

  it.skipIf(skip)('/metrics carries the process metrics (event loop lag, memory, GC) beside the sync ones', async () => {
    const a = await side(driver, 'A');
    started.push(a);
    const text = await (await fetch(`${a.url}/metrics`, { headers: { authorization: `Bearer ${await a.adminToken()}` } })).text();
    for (const name of ['nodejs_eventloop_lag_seconds', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds', 'sync_outbox_depth']) {
      expect(text, name).toContain(`# TYPE ${name}`);
    }
  });
});
