import { restCatchUp } from '../rest-catchup.js';
import { announce, type PhaseContext } from './context.js';

/**
 * rest_catchup_orders_per_s: a backlog on one instance synced to a json-server shop (a `rest`
 * remote), on a fresh process and database; see rest-catchup.ts. The shop keeps its orders in
 * memory: json-server with a data file rewrites the whole file on every write, a cost of the shop
 * that grows with it (10,000 orders took over 25 minutes, nearly all of it json-server's), so the
 * figure would measure json-server rather than the sync. --rest-shop=file adds that run
 * (rest_catchup_orders_per_s_file_shop).
 */
export async function restCatchupPhase({ sizes, figures, restShops }: PhaseContext): Promise<void> {
  for (const storage of restShops) {
    const name = storage === 'memory' ? 'rest_catchup_orders_per_s' : 'rest_catchup_orders_per_s_file_shop';
    announce(`REST catch-up of ${sizes.restBacklog} orders (a json-server shop${storage === 'memory' ? ' in memory' : ''}, paused while A takes them, then resumed)`);
    const result = await restCatchUp(sizes.restBacklog, storage);
    figures.set(name, result.ordersPerSecond, 'orders/s', `${sizes.restBacklog} orders with 3 lines on A, its json-server shop${storage === 'memory' ? ' (in memory)' : ''} resumed: orders/s until the shop holds them all`);
    figures.detail('rest', { [storage === 'file' ? 'fileShop' : 'memoryShop']: { size: sizes.restBacklog, ...result, ordersPerSecond: Math.round(result.ordersPerSecond) } });
  }
}
