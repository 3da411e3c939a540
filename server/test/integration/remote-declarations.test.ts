import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance, type Instance } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { postgresAvailable } from '../support/databases.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres-databases.js';
import { sampleOrder, TEST_API_TOKEN, testInstanceEnv } from '../support/instances.js';

/**
 * Processes of one instance start at once on one PostgreSQL database (a deployment rolled out
 * with several replicas). Each declares the remotes of its environment and REMOTES_FILE: they
 * must come out declared once, with every order queued once, and every process must start (the
 * second used to fail on the remotes' unique name when both found none and both inserted).
 */
describe.skipIf(!postgresAvailable())('processes starting at once on one database declare their remotes once', () => {
  let database: PostgresDatabase;
  let dir: string;
  const instances: Instance[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    dir = mkdtempSync(join(tmpdir(), 'remote-declarations-'));
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('four processes started together: each starts, `peer` and the file\'s remote exist once, each order is queued once for each', async () => {
    const file = join(dir, 'remotes.json');
    writeFileSync(file, JSON.stringify({ remotes: [{ name: 'shop', kind: 'peer', url: 'http://127.0.0.1:9/api/orders', credentials: { token: 'shop-token-0123456789abcdef' } }] }));
    const env = testInstanceEnv(database.url, { INSTANCE_NAME: 'A' });
    // Orders made before any remote exists: a remote new to the database gets each one queued.
    const first = await createInstance(loadConfig(env), { logger: false, startSync: false });
    instances.push(first);
    const url = await first.listen();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/api/orders`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(sampleOrder()) });
      expect(res.status).toBe(201);
    }

    const config = loadConfig({
      ...env,
      PEER_URL: 'http://127.0.0.1:9/api/orders',
      PEER_TOKEN: 'peer-token-0123456789abcdef',
      PEER_ACCEPT_TOKEN: 'accept-token-0123456789abcdef',
      REMOTES_FILE: file,
    });
    // Built first (migrations are serialised anyway), then all declare at the same moment.
    const built = await Promise.all(Array.from({ length: 4 }, () => createInstance(config, { logger: false, startSync: false })));
    instances.push(...built);
    const started = await Promise.allSettled(built.map((i) => i.listen()));
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);

    const remotes = (await first.database.pg!.unsafe('select name, source from sync_remotes order by name')) as unknown as { name: string; source: string }[];
    expect(remotes.map((r) => `${r.name}:${r.source}`)).toEqual(['peer:env', 'shop:file']);
    const queued = (await first.database.pg!.unsafe(
      'select r.name, count(*)::int as n, count(distinct o.order_id)::int as orders from sync_outbox o join sync_remotes r on r.id = o.remote_id group by r.name order by r.name',
    )) as unknown as { name: string; n: number; orders: number }[];
    expect(queued).toEqual([
      { name: 'peer', n: 3, orders: 3 },
      { name: 'shop', n: 3, orders: 3 },
    ]);
  });
});
