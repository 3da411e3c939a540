import postgres from 'postgres';

/**
 * Do two PostgreSQL databases hold identical orders? Everything the sync carries (every column of
 * the order but the local feed stamps and create hash, and every line) is hashed in the database.
 * A cheap signature (count, sum of versions, newest change) is compared first; the full hash only
 * when those agree, so polling costs little while the sides still differ.
 */

const CHEAP = `select count(*)::text || '/' || coalesce(sum(version), 0)::text || '/' || coalesce(max(updated_at)::text, '') as s from orders`;
const ORDERS = `select md5(coalesce(string_agg((id, code, status, customer_name, customer_email, customer_phone, ship_full_name,
  ship_line1, ship_line2, ship_city, ship_postal_code, ship_country_code, currency, shipping_cost, subtotal, total, note,
  created_at, updated_at, version, deleted)::text, E'\\n' order by id), '')) as h from orders`;
const LINES = `select md5(coalesce(string_agg((order_id, position, sku, name, quantity, unit_price)::text, E'\\n' order by order_id, position), '')) as h from order_lines`;

export class ContentComparer {
  private readonly a: postgres.Sql;
  private readonly b: postgres.Sql;

  constructor(urlA: string, urlB: string) {
    this.a = postgres(urlA, { max: 1, onnotice: () => {} });
    this.b = postgres(urlB, { max: 1, onnotice: () => {} });
  }

  private static async one(sql: postgres.Sql, query: string): Promise<string> {
    const [row] = await sql.unsafe(query);
    return String(Object.values(row!)[0]);
  }

  async identical(): Promise<boolean> {
    const [cheapA, cheapB] = await Promise.all([ContentComparer.one(this.a, CHEAP), ContentComparer.one(this.b, CHEAP)]);
    if (cheapA !== cheapB) return false;
    const [ordersA, ordersB] = await Promise.all([ContentComparer.one(this.a, ORDERS), ContentComparer.one(this.b, ORDERS)]);
    if (ordersA !== ordersB) return false;
    const [linesA, linesB] = await Promise.all([ContentComparer.one(this.a, LINES), ContentComparer.one(this.b, LINES)]);
    return linesA === linesB;
  }

  async close(): Promise<void> {
    await Promise.all([this.a.end({ timeout: 5 }), this.b.end({ timeout: 5 })]);
  }
}
