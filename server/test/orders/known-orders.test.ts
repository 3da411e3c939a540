import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { setOrderCode } from '../../src/orders/order.repository.js';
import { OrderService } from '../../src/orders/order.service.js';
import { DRIVERS, ordersDatabaseForBlock } from '../support/databases.js';
import { sampleOrder } from '../support/instances.js';

/**
 * lockForSyncWith with orders read before (a push's own orders, when its replies are applied):
 * an order unchanged since is taken as it was read, not read whole again; any write since, even
 * one that keeps the version (a new code), makes it read again.
 */
describe.each(DRIVERS)('orders read before, locked for a sync step ($driver)', ({ driver, skip }) => {
  const database = ordersDatabaseForBlock(driver, skip);
  let service: OrderService;
  beforeEach(() => {
    if (skip) return;
    service = new OrderService(database.db(), { codePrefix: 'K' });
  });

  // The caller's value: its order's lines counted (a table without an id column, as the sync's records).
  const linesOf = (orderId: unknown) => sql<number>`(select count(*)::int from order_lines l where l.order_id = ${orderId})`;

  it.skipIf(skip)('takes the unchanged orders as read and reads the changed ones again, in the caller’s lock', async () => {
    const ids: string[] = [];
    for (const note of ['kept', 'edited', 're-coded']) ids.push((await service.create(sampleOrder({ note }))).order.id);
    const [kept, edited, recoded] = ids as [string, string, string];
    const read = await service.getManyWith(ids, linesOf);
    expect(new Set([...read.values()].map((r) => r.stamp)).size).toBe(3);

    const lines = read.get(edited)!.order.lines;
    await service.update(edited, { note: 'edited since', lines: [...lines, { ...lines[0]!, sku: 'EXTRA-1' }] }, read.get(edited)!.order.version);
    await service.transaction((tx) => setOrderCode(tx, recoded, 'K-999999'));

    const held = await service.transaction((tx) => service.lockForSyncWith(tx, [...ids, '00000000-0000-4000-8000-000000000000'], linesOf, read));
    expect(held.size).toBe(3);
    expect(held.get(kept)!.order).toBe(read.get(kept)!.order);
    expect(held.get(kept)!.stamp).toBe(read.get(kept)!.stamp);
    expect(held.get(edited)!.order).toMatchObject({ note: 'edited since', version: read.get(edited)!.order.version + 1 });
    expect(held.get(edited)!.alongside).toBe(lines.length + 1);
    expect(held.get(kept)!.alongside).toBe(read.get(kept)!.order.lines.length);
    expect(held.get(recoded)!.order).toMatchObject({ code: 'K-999999', version: read.get(recoded)!.order.version });
    expect(held.get(recoded)!.stamp).not.toBe(read.get(recoded)!.stamp);
    // Without orders read before, every order is read whole, as before.
    const fresh = await service.transaction((tx) => service.lockForSyncWith(tx, ids, linesOf));
    expect(fresh.get(kept)!.order).not.toBe(read.get(kept)!.order);
    expect(fresh.get(kept)!.order).toEqual(read.get(kept)!.order);
  });
});
