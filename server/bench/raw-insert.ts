import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, dropDatabase, migrate } from './databases.js';
import { orderBody } from './orders.js';

/**
 * raw_insert_orders_per_s: what PostgreSQL takes when the same rows (orders with 3 lines each, in
 * the product's tables, indexes included) are written straight into a fresh database: multi-row
 * inserts of 1,000 orders and their 3,000 lines per transaction, one connection. Only the
 * database calls are timed, not the making of the rows.
 */

const BATCH = 1_000;

function rowsOf(first: number, count: number) {
  const now = new Date();
  const orders = [];
  const lines: { order_id: string; position: number; sku: string; name: string; quantity: number; unit_price: number }[] = [];
  for (let i = first; i < first + count; i++) {
    const body = orderBody(i, 'raw');
    const id = randomUUID();
    const subtotal = body.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    orders.push({
      id,
      code: `R-${String(i + 1).padStart(6, '0')}`,
      status: 'pending',
      customer_name: body.customer.name,
      customer_email: body.customer.email,
      customer_phone: body.customer.phone,
      ship_full_name: body.shippingAddress.fullName,
      ship_line1: body.shippingAddress.line1,
      ship_line2: body.shippingAddress.line2,
      ship_city: body.shippingAddress.city,
      ship_postal_code: body.shippingAddress.postalCode,
      ship_country_code: body.shippingAddress.countryCode,
      currency: body.currency,
      shipping_cost: body.shippingCost,
      subtotal,
      total: subtotal + body.shippingCost,
      note: body.note,
      created_at: now,
      updated_at: now,
      version: 1,
      deleted: false,
      create_hash: null,
      change_txid: 1,
      change_seq: i + 1,
    });
    body.lines.forEach((l, position) => lines.push({ order_id: id, position, sku: l.sku, name: l.name, quantity: l.quantity, unit_price: l.unitPrice }));
  }
  return { orders, lines };
}

export async function rawInsert(size: number): Promise<{ ordersPerSecond: number; seconds: number }> {
  const database = await createDatabase('postgres');
  try {
    await migrate(database.url);
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      let elapsed = 0;
      for (let first = 0; first < size; first += BATCH) {
        const { orders, lines } = rowsOf(first, Math.min(BATCH, size - first));
        const started = performance.now();
        await sql.begin(async (tx) => {
          await tx`insert into orders ${tx(orders)}`;
          await tx`insert into order_lines ${tx(lines)}`;
        });
        elapsed += performance.now() - started;
      }
      const { n } = (await sql<{ n: number }[]>`select count(*)::int as n from orders`)[0]!;
      if (n !== size) throw new Error(`the raw insert wrote ${n} orders, not ${size}`);
      return { ordersPerSecond: size / (elapsed / 1000), seconds: Number((elapsed / 1000).toFixed(2)) };
    } finally {
      await sql.end({ timeout: 5 });
    }
  } finally {
    await dropDatabase(database);
  }
}
