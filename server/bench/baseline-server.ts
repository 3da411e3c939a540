/**
 * The bare baseline: what the machine allows for the same work without the product around it.
 * A minimal Fastify + postgres.js server, run as a process of its own by the benchmark
 * (node --import tsx bench/baseline-server.ts) with DATABASE_URL, HOST and PORT, on a database
 * that has the product's tables:
 *
 *   POST /api/orders  writes the rows a create writes (the order, its lines, an outbox row) and a
 *                     NOTIFY, in one transaction; answers the order. No auth, no validation.
 *   POST /graphql     answers the GraphQL page of bench/orders.ts (25 orders with their lines and
 *                     the total) with hand-written SQL, whatever the body asks.
 *   GET  /healthz     200 once listening.
 */
import { createHash, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import postgres from 'postgres';
import type { OrderBody } from './orders.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
// The product's default pool size (DATABASE_POOL_SIZE).
const sql = postgres(url, { max: 10, onnotice: () => {} });
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

app.get('/healthz', async () => ({ status: 'ok' }));

app.post<{ Body: OrderBody }>('/api/orders', async (request, reply) => {
  const body = request.body;
  const id = randomUUID();
  const subtotal = body.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  const total = subtotal + body.shippingCost;
  const now = new Date();
  const createHash256 = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const order = await sql.begin(async (tx) => {
    const [row] = await tx`
      insert into orders (id, code, status, customer_name, customer_email, customer_phone,
        ship_full_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country_code,
        currency, shipping_cost, subtotal, total, note, created_at, updated_at, version, deleted,
        create_hash, change_txid, change_seq)
      values (${id}, 'X-' || lpad(nextval('order_code_seq')::text, 6, '0'), 'pending', ${body.customer.name},
        ${body.customer.email}, ${body.customer.phone}, ${body.shippingAddress.fullName}, ${body.shippingAddress.line1},
        ${body.shippingAddress.line2}, ${body.shippingAddress.city}, ${body.shippingAddress.postalCode},
        ${body.shippingAddress.countryCode}, ${body.currency}, ${body.shippingCost}, ${subtotal}, ${total}, ${body.note},
        ${now}, ${now}, 1, false, ${createHash256}, pg_current_xact_id()::text::bigint, nextval('order_change_seq'))
      returning code`;
    const lines = body.lines.map((l, position) => ({ order_id: id, position, sku: l.sku, name: l.name, quantity: l.quantity, unit_price: l.unitPrice }));
    await tx`insert into order_lines ${tx(lines)}`;
    await tx`insert into sync_outbox (order_id, seq, enqueued_at, next_attempt_at) values (${id}, 1, ${now}, ${now})`;
    await tx`select pg_notify('orders_changed', '')`;
    return { id, code: row!.code as string, status: 'pending', ...body, subtotal, total, createdAt: now.toISOString(), updatedAt: now.toISOString(), version: 1, deleted: false };
  });
  return reply.status(201).send(order);
});

interface PageRow {
  id: string;
  code: string;
  status: string;
  customer_name: string;
  customer_email: string;
  customer_phone: string | null;
  ship_full_name: string;
  ship_line1: string;
  ship_line2: string | null;
  ship_city: string;
  ship_postal_code: string;
  ship_country_code: string;
  currency: string;
  shipping_cost: string;
  subtotal: string;
  total: string;
  note: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  deleted: boolean;
}

app.post('/graphql', async () => {
  const [rows, [count]] = await Promise.all([
    sql<PageRow[]>`
      select id, code, status, customer_name, customer_email, customer_phone, ship_full_name, ship_line1, ship_line2,
        ship_city, ship_postal_code, ship_country_code, currency, shipping_cost, subtotal, total, note, created_at,
        updated_at, version, deleted
      from orders where not deleted order by created_at desc, id desc limit 25`,
    sql<{ n: number }[]>`select count(*)::int as n from orders where not deleted`,
  ]);
  const lines = rows.length
    ? await sql<{ order_id: string; sku: string; name: string; quantity: number; unit_price: string }[]>`
        select order_id, sku, name, quantity, unit_price from order_lines
        where order_id = any(${rows.map((r) => r.id)}::uuid[]) order by order_id, position`
    : [];
  const byOrder = new Map<string, { sku: string; name: string; quantity: number; unitPrice: number }[]>();
  for (const l of lines) {
    const list = byOrder.get(l.order_id) ?? [];
    list.push({ sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: Number(l.unit_price) });
    byOrder.set(l.order_id, list);
  }
  const items = rows.map((r) => ({
    id: r.id,
    code: r.code,
    status: r.status,
    customer: { name: r.customer_name, email: r.customer_email, phone: r.customer_phone },
    shippingAddress: {
      fullName: r.ship_full_name,
      line1: r.ship_line1,
      line2: r.ship_line2,
      city: r.ship_city,
      postalCode: r.ship_postal_code,
      countryCode: r.ship_country_code,
    },
    currency: r.currency,
    lines: byOrder.get(r.id) ?? [],
    shippingCost: Number(r.shipping_cost),
    subtotal: Number(r.subtotal),
    total: Number(r.total),
    note: r.note,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
    deleted: r.deleted,
  }));
  return { data: { orders: { total: count!.n, items } } };
});

const shutdown = async () => {
  await app.close();
  await sql.end({ timeout: 5 });
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) });
