import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { orderLines, orders } from './order.tables.js';
import type { Order } from './order.types.js';

/** SQL without parameters, rendered once into its text. */
export function rendered(fragment: SQL): SQL {
  const { sql: text, params } = new PgDialect().sqlToQuery(fragment);
  if (params.length) throw new Error('rendered() takes SQL without parameters');
  return sql.raw(text);
}

/** An order as ORDER_DOCUMENT returns it: an Order with its dates as text. */
export type OrderDocument = Omit<Order, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

/**
 * One order with its lines as a JSON object in the shape of `Order`, built by PostgreSQL: the
 * order and its lines in one statement (one round trip, one snapshot, no transaction needed), and
 * parsing one JSON text is far cheaper for the server than decoding every column of every row
 * (and every line) one by one. Money columns are bigint: JSON numbers, exact up to 2^53 (SafeInt).
 * Rendered to text once (it has no parameters): drizzle would otherwise walk its 30 column
 * references on every statement, a good part of the statement's cost to the server.
 */
export const ORDER_DOCUMENT = rendered(sql`json_build_object(
  'id', ${orders.id}, 'code', ${orders.code}, 'status', ${orders.status},
  'customer', json_build_object('name', ${orders.customerName}, 'email', ${orders.customerEmail}, 'phone', ${orders.customerPhone}),
  'shippingAddress', json_build_object('fullName', ${orders.shipFullName}, 'line1', ${orders.shipLine1}, 'line2', ${orders.shipLine2},
    'city', ${orders.shipCity}, 'postalCode', ${orders.shipPostalCode}, 'countryCode', ${orders.shipCountryCode}),
  'currency', ${orders.currency},
  'lines', coalesce((select json_agg(json_build_object('sku', ${orderLines.sku}, 'name', ${orderLines.name}, 'quantity', ${orderLines.quantity}, 'unitPrice', ${orderLines.unitPrice}) order by ${orderLines.position})
    from ${orderLines} where ${orderLines.orderId} = ${orders.id}), '[]'::json),
  'shippingCost', ${orders.shippingCost}, 'subtotal', ${orders.subtotal}, 'total', ${orders.total}, 'note', ${orders.note},
  'createdAt', ${orders.createdAt}, 'updatedAt', ${orders.updatedAt}, 'version', ${orders.version}, 'deleted', ${orders.deleted})`);

/** ORDER_DOCUMENT as text, to select per row: parsed here, the same on every driver whatever each does with json. */
export const ORDER_DOCUMENT_TEXT = sql<string>`${ORDER_DOCUMENT}::text`;

export const fromDocument = (order: OrderDocument): Order => ({ ...order, createdAt: new Date(order.createdAt), updatedAt: new Date(order.updatedAt) });

export const parseOrderDocument = (text: string): Order => fromDocument(JSON.parse(text) as OrderDocument);
