import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DRIVERS, type Driver } from '../support/databases.js';
import { sampleOrder, startTestInstance, type TestInstance } from '../support/instances.js';
import { waitFor } from '../support/server-process.js';

/**
 * Three copies of this service in a line, A – B – C: B has two peers and relays between them. A
 * change made on A reaches C through B and the other way round, exactly once, without echoes.
 */

const T = (s: string) => `chain-token-${s}-0123456789abcdefghij`;
const WAIT = { timeoutMs: 20_000, intervalMs: 150 };

describe.each(DRIVERS)('a chain of three instances A – B – C ($driver)', ({ driver, skip }: { driver: Driver; skip: boolean }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => {});
  });

  async function start(env: Record<string, string>): Promise<TestInstance> {
    const instance = await startTestInstance(driver, env);
    cleanup.push(() => instance.stop());
    return instance;
  }

  it.skipIf(skip)('changes on either end reach the other end through the middle, once, and merge there', { timeout: 180_000 }, async () => {
    // B first (its two peers' URLs are only known later: it is told them at runtime).
    const dir = mkdtempSync(join(tmpdir(), 'chain-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'remotes.json');
    writeFileSync(
      file,
      JSON.stringify({
        remotes: [
          { name: 'a', kind: 'peer', label: 'A', credentials: { acceptToken: T('a-to-b') } },
          { name: 'c', kind: 'peer', label: 'C', credentials: { acceptToken: T('c-to-b') } },
        ],
      }),
    );
    const b = await start({ INSTANCE_NAME: 'B', ORDER_CODE_PREFIX: 'B', REMOTES_FILE: file });
    const a = await start({ INSTANCE_NAME: 'A', ORDER_CODE_PREFIX: 'A', PEER_NAME: 'B', PEER_URL: `${b.url}/api/orders`, PEER_TOKEN: T('a-to-b'), PEER_ACCEPT_TOKEN: T('b-to-a') });
    const c = await start({ INSTANCE_NAME: 'C', ORDER_CODE_PREFIX: 'C', PEER_NAME: 'B', PEER_URL: `${b.url}/api/orders`, PEER_TOKEN: T('c-to-b'), PEER_ACCEPT_TOKEN: T('b-to-c') });
    await b.sync.replaceRemote('a', { name: 'a', kind: 'peer', label: 'A', url: `${a.url}/api/orders`, credentials: { token: T('b-to-a'), acceptToken: T('a-to-b') } });
    await b.sync.replaceRemote('c', { name: 'c', kind: 'peer', label: 'C', url: `${c.url}/api/orders`, credentials: { token: T('b-to-c'), acceptToken: T('c-to-b') } });
    const fromA = await (await a.api('/api/orders', { method: 'POST', json: sampleOrder({ note: 'made on A' }) })).json();
    const onC = await waitFor(async () => (await c.orders.get(fromA.id)) ?? undefined, { ...WAIT, what: "A's order on C" });
    expect(onC.code).toBe(fromA.code);

    const fromC = await (await c.api('/api/orders', { method: 'POST', json: sampleOrder({ note: 'made on C' }) })).json();
    await waitFor(async () => (await a.orders.get(fromC.id)) ?? undefined, { ...WAIT, what: "C's order on A" });

    // An edit on C of A's order reaches A; concurrent edits of different fields on A and C merge.
    await c.api(`/api/orders/${fromA.id}`, { method: 'PUT', json: { version: onC.version, status: 'paid' } });
    await waitFor(async () => (await a.orders.get(fromA.id))?.status === 'paid', { ...WAIT, what: "C's edit on A" });
    await waitFor(async () => (await c.sync.status()).outboxDepth === 0 && (await b.sync.status('a')).outboxDepth === 0 || undefined, { ...WAIT, what: 'quiet' });
    const atA = (await a.orders.get(fromA.id))!;
    const atC = (await c.orders.get(fromA.id))!;
    await Promise.all([
      a.api(`/api/orders/${fromA.id}`, { method: 'PUT', json: { version: atA.version, note: 'note from A' } }),
      c.api(`/api/orders/${fromA.id}`, { method: 'PUT', json: { version: atC.version, shippingCost: 777 } }),
    ]);
    await waitFor(
      async () => {
        const all = await Promise.all([a, b, c].map((x) => x.orders.get(fromA.id)));
        return all.every((o) => o?.note === 'note from A' && o.shippingCost === 777) || undefined;
      },
      { ...WAIT, what: 'both edits on all three' },
    );
    await waitFor(
      async () => {
        const all = await Promise.all([a, b, c].map((x) => x.orders.get(fromA.id)));
        return new Set(all.map((o) => JSON.stringify(o))).size === 1 || undefined;
      },
      { ...WAIT, what: 'identical copies on all three' },
    );

    // Each holds exactly two orders; nothing came back as a duplicate.
    for (const x of [a, b, c]) expect((await x.orders.list({ filter: {}, page: 1, perPage: 50 })).total).toBe(2);
  });
});
