import { beforeEach, describe, expect, it } from 'vitest';
import { OrderService } from '../../src/orders/order.service.js';
import type { Order } from '../../src/orders/order.types.js';
import type { OrderListQuery, OrderSortField } from '../../src/orders/order.list.js';
import { DRIVERS, ordersDatabaseForBlock } from '../support/databases.js';
import { sampleOrder } from '../support/instances.js';

// The first page is made directly; a page past it is picked by its keys, then only its orders are
// made documents. Either way the pages follow the sort, ties broken by id, every order on one page.
describe.each(DRIVERS)('the order list’s pages ($driver)', ({ driver, skip }) => {
  const database = ordersDatabaseForBlock(driver, skip);
  let service: OrderService;
  let created: Order[];
  beforeEach(async () => {
    if (skip) return;
    service = new OrderService(database.db(), { codePrefix: 'P' });
    created = [];
    // Every customer has the same name (a tie for each pair), totals tie in pairs.
    for (let i = 0; i < 7; i++) created.push((await service.create(sampleOrder({ note: `n${i}`, shippingCost: Math.floor(i / 2) * 100 }))).order);
  });

  const sorts: { field: OrderSortField; order: 'ASC' | 'DESC'; key: (o: Order) => string | number }[] = [
    { field: 'customerName', order: 'ASC', key: (o) => o.customer.name },
    { field: 'customerName', order: 'DESC', key: (o) => o.customer.name },
    { field: 'total', order: 'ASC', key: (o) => o.total },
    { field: 'createdAt', order: 'DESC', key: (o) => o.createdAt.getTime() },
  ];

  it.skipIf(skip).each(sorts)('by $field $order: pages of 3 put every order once, in the sort’s order, ties by id', async ({ field, order, key }) => {
    const sign = order === 'ASC' ? 1 : -1;
    const expected = [...created]
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * sign)
      .map((o) => o.id);
    for (const filter of [undefined, { q: 'lovelace' }]) {
      const pages: string[] = [];
      for (let page = 1; page <= 4; page++) {
        const query: OrderListQuery = { filter, sort: { field, order }, page, perPage: 3 };
        const { items, total } = await service.list(query);
        expect(total).toBe(7);
        expect(items.length).toBe(page < 3 ? 3 : page === 3 ? 1 : 0);
        pages.push(...items.map((o) => o.id));
      }
      expect(pages).toEqual(expected);
    }
    // Each page's documents are whole: the lines come with their order.
    const [first] = (await service.list({ sort: { field, order }, page: 3, perPage: 3 })).items;
    expect(first).toEqual(created.find((o) => o.id === expected[6]));
  });
});
