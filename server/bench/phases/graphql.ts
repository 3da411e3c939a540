import { createDatabase, dropDatabase } from '../databases.js';
import { runLoad } from '../load.js';
import { ORDERS_PAGE_QUERY } from '../orders.js';
import { startBaseline, startSolo, stopServers } from '../servers.js';
import { announce, type PhaseContext } from './context.js';

/**
 * graphql_page_per_s, graphql_baseline_per_s: the admin's list (the `orders` query, a page of 25
 * with every field and the lines, and the total) from 50 connections with an admin session, then
 * the bare baseline's hand-written SQL serving the same JSON from the same database.
 */

/** Orders in the database the page is read from (the total is counted on every request). */
const ORDERS_IN_TABLE = { full: 2_000, smoke: 200 };

export async function graphqlPhase({ sizes, figures }: PhaseContext, smoke: boolean): Promise<void> {
  const seed = smoke ? ORDERS_IN_TABLE.smoke : ORDERS_IN_TABLE.full;
  announce(`GraphQL page of 25 orders with lines (${seed} orders in the table, ${sizes.graphqlSeconds} s, 50 connections)`);
  const database = await createDatabase('postgres');
  try {
    const server = await startSolo('graphql', database);
    try {
      await runLoad({ url: server.url, kind: 'create', connections: 8, amount: seed, tag: 'page' }, 'seeding the orders');
      const session = await server.adminToken();
      // The same check the admin app relies on: the page answers with data, not errors.
      const probe = await server.graphql<{ orders: { items: unknown[] } }>(ORDERS_PAGE_QUERY, { page: 1, perPage: 25 });
      if (probe.orders.items.length !== 25) throw new Error(`the page has ${probe.orders.items.length} orders, not 25`);
      const page = await runLoad({ url: server.url, kind: 'graphql', connections: 50, seconds: sizes.graphqlSeconds, token: session }, 'GraphQL page');
      figures.set('graphql_page_per_s', page.perSecond, 'requests/s', 'GraphQL `orders` page of 25 with lines, 50 connections, admin session');
      figures.detail('graphql', { ordersInTable: seed, product: { perSecond: Math.round(page.perSecond), latencyMs: page.latencyMs, failed: page.failed } });
    } finally {
      await stopServers(server);
    }
    const baseline = await startBaseline('graphql-baseline', database);
    try {
      const page = await runLoad({ url: baseline.url, kind: 'graphql', connections: 50, seconds: sizes.graphqlSeconds }, 'baseline page');
      figures.set('graphql_baseline_per_s', page.perSecond, 'requests/s', 'the same page from bare Fastify + hand-written SQL, 50 connections');
      figures.detail('graphql', { baseline: { perSecond: Math.round(page.perSecond), latencyMs: page.latencyMs, failed: page.failed } });
    } finally {
      await stopServers(baseline);
    }
  } finally {
    await dropDatabase(database);
  }
}
