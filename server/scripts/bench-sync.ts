/**
 * Rough figures for the sync on this machine (the proper benchmark comes with its own issue):
 * change-to-readable latency A -> B, and the catch-up rate of a backlog.
 *   npm run bench:sync -w server -- [latency-samples] [backlog-size]
 * Uses the PostgreSQL server at TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * in two databases it creates and drops.
 */
import 'reflect-metadata';
import postgres from 'postgres';
import { createInstance, type Instance } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const [samples = 200, backlog = 10_000] = process.argv.slice(2).map(Number);
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const names = ['a', 'b'].map((s) => `orders_bench_${s}_${Date.now().toString(36)}`);
for (const n of names) await admin.unsafe(`create database "${n}"`);
const dbUrl = (n: string) => Object.assign(new URL(adminUrl), { pathname: `/${n}` }).toString();

const tokens = { A: 'bench-peer-token-for-a-000000000', B: 'bench-peer-token-for-b-000000000' };
const ports = { A: 4901, B: 4902 };
async function start(side: 'A' | 'B', dbName: string): Promise<Instance> {
  const other = side === 'A' ? 'B' : 'A';
  const instance = await createInstance(
    loadConfig({
      INSTANCE_NAME: side,
      HOST: '127.0.0.1',
      PORT: String(ports[side]),
      DATABASE_URL: dbUrl(dbName),
      LOG_LEVEL: 'warn',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'bench-password',
      API_TOKENS: `bench:bench-client-token-${side}-00000000000`,
      PEER_URL: `http://127.0.0.1:${ports[other]}/api/orders`,
      PEER_TOKEN: tokens[other],
      PEER_ACCEPT_TOKEN: tokens[side],
    }),
    { logger: false },
  );
  await instance.listen();
  return instance;
}
const A = await start('A', names[0]!);
const B = await start('B', names[1]!);
const order = (i: number) => ({
  customer: { name: `Bench ${i}`, email: `bench${i}@example.com` },
  shippingAddress: { fullName: 'Bench', line1: 'Road 1', city: 'Oslo', postalCode: '0150', countryCode: 'NO' },
  currency: 'NOK',
  lines: [{ sku: `SKU-${i % 97}`, name: 'Item', quantity: 1 + (i % 5), unitPrice: 1000 + i }],
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Latency: a change made on A, until B can read it.
const latencies: number[] = [];
for (let i = 0; i < samples; i++) {
  const { order: created } = await A.orders.create(order(i));
  const t0 = performance.now();
  while (!(await B.orders.get(created.id))) await sleep(0.5);
  latencies.push(performance.now() - t0);
}
latencies.sort((x, y) => x - y);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
console.log(`latency A->B over ${samples} creates: median ${pct(50)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);

// Backlog: B's sync paused while A takes orders, then resumed.
await B.sync.setPaused(true);
await A.sync.setPaused(true);
const before = (await B.orders.list({ page: 1, perPage: 1 })).total;
for (let i = 0; i < backlog; i += 100) {
  await Promise.all(Array.from({ length: Math.min(100, backlog - i) }, (_, j) => A.orders.create(order(samples + i + j))));
}
const t0 = performance.now();
await B.sync.setPaused(false);
await A.sync.setPaused(false);
while ((await B.orders.list({ page: 1, perPage: 1 })).total < before + backlog) await sleep(20);
const seconds = (performance.now() - t0) / 1000;
console.log(`backlog of ${backlog} orders caught up in ${seconds.toFixed(2)} s: ${(backlog / seconds).toFixed(0)} orders/s`);

await A.close();
await B.close();
for (const n of names) await admin.unsafe(`drop database if exists "${n}" with (force)`);
await admin.end();
