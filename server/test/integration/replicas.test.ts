import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../support/databases.js';
import {
  PEER_TOKEN_A_TO_B,
  PEER_TOKEN_B_TO_A,
  ServerProcess,
  allOrders,
  createServerDatabase,
  freePorts,
  orderBody,
  waitFor,
  type ServerDatabase,
} from '../support/server-process.js';

/**
 * Instance A scaled out: two server processes on one PostgreSQL database (different ports), and
 * B as one process with a database of its own. Settings, outbox and pull position live in A's
 * database, so the two A processes must act as one instance: a pause made through either holds
 * for both, and the shared outbox is sent once, not once per process.
 */

const COUNT = 500;

interface Status {
  state: string;
  outboxDepth: number;
  deadLetters: number;
  ordersByState: { state: string; count: number }[];
}
interface LogEntry {
  id: string;
  at: string;
  direction: string;
  orderId: string;
  messageState: string | null;
  version: number | null;
  outcome: string;
  detail: string | null;
}

const STATUS_FIELDS = 'state outboxDepth deadLetters ordersByState { state count }';
const status = async (s: ServerProcess): Promise<Status> => (await s.graphql<{ syncStatus: Status }>(`{ syncStatus { ${STATUS_FIELDS} } }`)).syncStatus;
const pause = async (s: ServerProcess): Promise<Status> => (await s.graphql<{ pauseSync: Status }>(`mutation { pauseSync { ${STATUS_FIELDS} } }`)).pauseSync;
const resume = async (s: ServerProcess): Promise<Status> => (await s.graphql<{ resumeSync: Status }>(`mutation { resumeSync { ${STATUS_FIELDS} } }`)).resumeSync;
const sentTotal = async (s: ServerProcess): Promise<number> => (await s.metrics()).sync_messages_sent_total ?? 0;

/** Every sync log entry matching the filter (all pages). */
async function syncLog(s: ServerProcess, filter: { direction?: string; outcome?: string }): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for (let page = 1; ; page++) {
    const data = await s.graphql<{ syncLog: { items: LogEntry[]; total: number } }>(
      `query($direction: String, $outcome: String, $page: Int!) {
        syncLog(direction: $direction, outcome: $outcome, page: $page, perPage: 500) { total items { id at direction orderId messageState version outcome detail } }
      }`,
      { ...filter, page },
    );
    out.push(...data.syncLog.items);
    if (data.syncLog.items.length < 500 || out.length >= data.syncLog.total) return out;
  }
}

const countBy = <T>(items: T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
};

describe.skipIf(!postgresAvailable())('instance A as two processes on one PostgreSQL database, B as one', () => {
  let dbA: ServerDatabase | undefined;
  let dbB: ServerDatabase | undefined;
  let a1: ServerProcess;
  let a2: ServerProcess;
  let b: ServerProcess;
  let ids: string[] = [];
  const figures: Record<string, string> = {};

  beforeAll(async () => {
    [dbA, dbB] = await Promise.all([createServerDatabase('postgres'), createServerDatabase('postgres')]);
    const [portA1, portA2, portB] = await freePorts(3);
    const toB = { baseUrl: `http://127.0.0.1:${portB}`, token: PEER_TOKEN_A_TO_B, acceptToken: PEER_TOKEN_B_TO_A };
    a1 = new ServerProcess({ name: 'A', port: portA1!, database: dbA, peer: toB });
    a2 = new ServerProcess({ name: 'A', port: portA2!, database: dbA, peer: toB });
    b = new ServerProcess({
      name: 'B',
      port: portB!,
      database: dbB,
      peer: { baseUrl: `http://127.0.0.1:${portA1}`, token: PEER_TOKEN_B_TO_A, acceptToken: PEER_TOKEN_A_TO_B },
    });
    await Promise.all([a1.start(), a2.start(), b.start()]);
  }, 180_000);

  afterAll(async () => {
    if (Object.keys(figures).length) console.log(`[replicas]\n  ${Object.entries(figures).map(([k, v]) => `${k}: ${v}`).join('\n  ')}`);
    await Promise.all([a1?.dispose(), a2?.dispose(), b?.dispose()]);
    await Promise.all([dbA?.drop(), dbB?.drop()]);
  }, 60_000);

  it('the two A processes serve one instance: an order made through one is there through the other, and reaches B', async () => {
    const made = await a1.apiJson('/api/orders', { method: 'POST', json: orderBody({ note: 'through A1' }) }, 201);
    expect(await a2.apiJson(`/api/orders/${made.id}`)).toEqual(made);
    const onB = await waitFor(async () => {
      const res = await b.api(`/api/orders/${made.id}`);
      return res.status === 200 ? res.json() : undefined;
    }, { timeoutMs: 5_000, intervalMs: 20, what: 'B to receive the order' });
    expect(onB).toEqual(made);
  });

  it('a pause made through one A process holds for the other one too (settings live in the database)', async () => {
    try {
      expect((await pause(a1)).state).toBe('paused');
      let seen = '';
      const paused = await waitFor(
        async () => {
          seen = (await status(a2)).state;
          return seen === 'paused';
        },
        { timeoutMs: 5_000, intervalMs: 100, what: 'the second A process to report paused' },
      ).catch(() => false);
      expect(paused, `A2 still reports "${seen}" 5 s after pauseSync on A1: each process caches the settings it loaded at startup`).toBe(true);

      // And it acts on it: an order made through A2 is not sent by either process.
      const sentBefore = [await sentTotal(a1), await sentTotal(a2)];
      await a2.apiJson('/api/orders', { method: 'POST', json: orderBody({ note: 'through A2 while paused' }) }, 201);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect([await sentTotal(a1), await sentTotal(a2)], 'A sent while paused').toEqual(sentBefore);
      expect((await status(a1)).outboxDepth).toBe(1);
    } finally {
      await resume(a1);
    }
    // Resumed through A1, both carry on: the order made while paused leaves the outbox. B may owe
    // A an acknowledgement through its own outbox (when its puller read the order before A's push
    // arrived); it must go now, or the next test's pause of A would hold it there.
    let depths: number[] = [];
    await waitFor(
      async () => {
        depths = [(await status(a2)).outboxDepth, (await status(b)).outboxDepth];
        return depths.every((d) => d === 0);
      },
      { timeoutMs: 30_000, intervalMs: 100, what: "A's and B's outboxes to drain after resumeSync on A1", describe: () => ({ depthA: depths[0], depthB: depths[1] }) },
    );
    expect((await status(a2)).state).toBe('running');
  }, 60_000);

  it(`while A is paused (through both processes), nothing of ${COUNT} new orders leaves A, pushed or pulled`, async () => {
    // Paused through each process, so each one's engine is paused whatever the previous test found.
    expect((await pause(a1)).state).toBe('paused');
    expect((await pause(a2)).state).toBe('paused');
    const sentBefore = [await sentTotal(a1), await sentTotal(a2)];
    const outBefore = (await syncLog(a1, { direction: 'out' })).length;
    const created: any[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let i = next++; i < COUNT; i = next++) {
          const via = i % 2 === 0 ? a1 : a2;
          created[i] = await via.apiJson('/api/orders', { method: 'POST', json: orderBody({ note: `replica ${i}` }) }, 201);
        }
      }),
    );
    ids = created.map((o) => o.id);
    expect(new Set(ids).size).toBe(COUNT);
    // More than a long poll (2 s): time enough for anything that would leak to leak.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect([await sentTotal(a1), await sentTotal(a2)]).toEqual(sentBefore);
    expect((await syncLog(a1, { direction: 'out' })).length).toBe(outBefore);
    expect((await status(a1)).outboxDepth).toBe(COUNT);

    // Nothing leaves a paused side, pushed or pulled: B's puller finds A's feed closed to the peer
    // (sync-engine: "Paused means nothing leaves this side, pulled or pushed").
    const onB = await allOrders(b);
    const pulled = ids.filter((id) => onB.has(id)).length;
    figures['orders B got from the paused A'] = `${pulled} of ${COUNT}`;
    expect(pulled, `${pulled} of the ${COUNT} orders created on a paused A reached B`).toBe(0);
    expect((await status(b)).outboxDepth).toBe(0);
  }, 120_000);

  it(`resumed on both A processes at once: B applies each of the ${COUNT} orders exactly once, A sends each once`, async () => {
    expect(ids).toHaveLength(COUNT);
    expect((await status(a1)).state).toBe('paused');
    expect((await status(a2)).state).toBe('paused');
    const sentBefore = [await sentTotal(a1), await sentTotal(a2)];
    const logBefore = new Set((await syncLog(a1, { direction: 'out' })).map((e) => e.id));

    const resumedAt = performance.now();
    const [r1, r2] = await Promise.all([resume(a1), resume(a2)]);
    expect([r1.state, r2.state]).toEqual(['running', 'running']);

    let missing = COUNT;
    await waitFor(
      async () => {
        const onB = await allOrders(b);
        missing = ids.filter((id) => !onB.has(id)).length;
        return missing === 0;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `B to hold all ${COUNT} orders`, describe: () => ({ missing }) },
    );
    figures['B held all after the resume'] = `${((performance.now() - resumedAt) / 1000).toFixed(1)} s`;
    let statuses: Status[] = [];
    await waitFor(
      async () => {
        statuses = [await status(a1), await status(b)];
        return statuses.every((s) => s.outboxDepth === 0 && s.deadLetters === 0 && s.ordersByState.every((x) => x.state === 'OK'));
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'both outboxes empty and every order OK', describe: () => statuses },
    );
    figures['outboxes empty after the resume'] = `${((performance.now() - resumedAt) / 1000).toFixed(1)} s`;
    const aOrders = await allOrders(a1);
    const bOrders = await allOrders(b);
    for (const id of ids) expect(bOrders.get(id), id).toEqual(aOrders.get(id));

    // B: each order applied exactly once.
    const wanted = new Set(ids);
    const applied = (await syncLog(b, { outcome: 'applied' })).filter((e) => wanted.has(e.orderId));
    const appliedPerOrder = countBy(applied, (e) => e.orderId);
    const notOnce = ids.filter((id) => appliedPerOrder.get(id) !== 1).map((id) => `${id}: ${appliedPerOrder.get(id) ?? 0}`);
    const duplicates = (await syncLog(b, { outcome: 'duplicate' })).filter((e) => wanted.has(e.orderId));
    const appliedVia = countBy(applied, (e) => (e.detail ?? '').split(':')[0]!);
    const duplicateVia = countBy(duplicates, (e) => `${(e.detail ?? '').split(':')[0]} ${e.messageState}`);
    figures['B applied'] = `${applied.length} entries for ${COUNT} orders, via ${JSON.stringify(Object.fromEntries(appliedVia))}`;
    figures['B duplicates'] = `${duplicates.length}, via ${JSON.stringify(Object.fromEntries(duplicateVia))}`;
    expect(notOnce, `orders not applied exactly once on B: ${notOnce.slice(0, 10).join(', ')}`).toEqual([]);

    // A: the shared outbox sent each order once, not once per process.
    const out = (await syncLog(a1, { direction: 'out' })).filter((e) => !logBefore.has(e.id) && wanted.has(e.orderId));
    const delivered = out.filter((e) => e.outcome === 'delivered');
    const deliveredPerOrder = countBy(delivered, (e) => e.orderId);
    const twice = ids
      .filter((id) => (deliveredPerOrder.get(id) ?? 0) !== 1)
      .map((id) => `${id}: ${delivered.filter((e) => e.orderId === id).map((e) => `${e.messageState} v${e.version} at ${e.at}`).join(' / ') || 'never'}`);
    const sentAfter = [await sentTotal(a1), await sentTotal(a2)];
    const byProcess = sentAfter.map((n, i) => n - sentBefore[i]!);
    figures['A sent after the resume'] = `A1 ${byProcess[0]}, A2 ${byProcess[1]} messages; out log: ${out.length} entries (${delivered.length} delivered, outcomes ${JSON.stringify(Object.fromEntries(countBy(out, (e) => e.outcome)))})`;
    expect(twice, `orders not delivered exactly once by A: ${twice.slice(0, 10).join('; ')}`).toEqual([]);
    expect(out.filter((e) => e.outcome !== 'delivered')).toEqual([]);
    // Both processes' counters together account for every delivery, no more.
    expect(byProcess[0]! + byProcess[1]!).toBe(delivered.length + (await syncLog(a1, { direction: 'out' })).filter((e) => !logBefore.has(e.id) && !wanted.has(e.orderId)).length);
  }, 120_000);
});
