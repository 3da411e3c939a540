import { restCatchUp } from '../rest-catchup.js';
import { announce, type PhaseContext } from './context.js';

/**
 * rest_catchup_orders_per_s: a backlog on one instance synced to a json-server shop (a `rest`
 * remote), on a fresh process and database; see rest-catchup.ts. With --rest-shop=memory, the same
 * against a json-server that keeps its orders in memory only (json-server rewrites its whole JSON
 * file on every write, a cost of the shop that grows with it): what the sync does against a shop
 * whose writes cost about the same at any size.
 */
export async function restCatchupPhase({ sizes, figures, restShops }: PhaseContext): Promise<void> {
  for (const storage of restShops) {
    const name = storage === 'file' ? 'rest_catchup_orders_per_s' : 'rest_catchup_orders_per_s_memory_shop';
    announce(`REST catch-up of ${sizes.restBacklog} orders (a json-server shop${storage === 'memory' ? ' in memory' : ''}, paused while A takes them, then resumed)`);
    const result = await restCatchUp(sizes.restBacklog, storage);
    figures.set(name, result.ordersPerSecond, 'orders/s', `${sizes.restBacklog} orders with 3 lines on A, its json-server shop${storage === 'memory' ? ' (in memory)' : ''} resumed: orders/s until the shop holds them all`);
    figures.detail('rest', { [storage === 'file' ? 'fileShop' : 'memoryShop']: { size: sizes.restBacklog, ...result, ordersPerSecond: Math.round(result.ordersPerSecond) } });
  }
}
