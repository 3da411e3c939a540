import { restCatchUp } from '../rest-catchup.js';
import { announce, type PhaseContext } from './context.js';

/**
 * rest_catchup_orders_per_s: a backlog on one instance synced to a json-server shop (a `rest`
 * remote), on a fresh process and database. See rest-catchup.ts.
 */
export async function restCatchupPhase({ sizes, figures }: PhaseContext): Promise<void> {
  announce(`REST catch-up of ${sizes.restBacklog} orders (a json-server shop, paused while A takes them, then resumed)`);
  const result = await restCatchUp(sizes.restBacklog);
  figures.set('rest_catchup_orders_per_s', result.ordersPerSecond, 'orders/s', `${sizes.restBacklog} orders with 3 lines on A, its json-server shop resumed: orders/s until the shop holds them all`);
  figures.detail('rest', { size: sizes.restBacklog, ...result, ordersPerSecond: Math.round(result.ordersPerSecond) });
}
