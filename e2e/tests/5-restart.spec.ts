import { money, SYNC_TIMEOUT } from '../support/admin-ui.js';
import { expect, test } from '../support/fixtures.js';
import { orderBody, uniqueTag } from '../support/harness.js';

/**
 * Scenario 5: B is stopped (harness), the order is changed in A's admin, B is started again: B's
 * admin, left open on the orders list all along, shows the change by itself. Nothing calls B's
 * API from the test (the harness only stops and starts the process).
 */
test.afterEach(async ({ harness }) => {
  await harness.startServer('B'); // no-op when it runs
});

test('5. B stopped, changed in A, B started: B’s open admin shows the change', async ({ harness, adminA, adminB }, testInfo) => {
  const customer = `Rst ${uniqueTag('rst-')}`;
  // Setup (A's API only): an order B has acknowledged (A's sync state OK).
  const order = await harness.createOrder('A', orderBody(customer));
  await expect
    .poll(async () => (await harness.orderWithSync('A', order.id))?.sync.state, { timeout: 60_000, message: 'the setup order reaches B' })
    .toBe('OK');
  testInfo.annotations.push({ type: 'order', description: `${order.code} (${customer})` });

  await test.step('B: the orders list is open on the order', async () => {
    await adminB.login();
    await adminB.openOrders(customer);
    // orderBody: 2 × 12.50 + 9.99 + 5.00 shipping
    await adminB.expectRow(order.code, { Status: 'Pending', Total: money(39.99, 'EUR'), Sync: 'In sync' });
  });

  await test.step('stop B', async () => {
    // B's open admin keeps asking its stopped server: the browser logs each refused connection.
    adminB.health.allow(/net::ERR_CONNECTION_REFUSED/);
    await harness.stopServer('B');
  });

  await test.step('A: change the status and the shipping cost while B is down', async () => {
    await adminA.login();
    await adminA.openOrder(order.code);
    await adminA.clickEdit();
    await adminA.choose('Status', 'Shipped');
    await adminA.page.getByRole('textbox', { name: 'Shipping cost' }).fill('7.25');
    await adminA.save();
    await expect(adminA.shown('Status')).toHaveText('Shipped');
    await expect(adminA.showTotal()).toHaveText(money(42.24, 'EUR'));
    // Not acknowledged by B: it is down.
    await expect(adminA.showSyncState()).toHaveText('Waiting to be sent');
  });

  await test.step('start B', async () => {
    await harness.startServer('B');
  });

  await test.step('B: the page left open shows the change, nobody touching it', async () => {
    await adminB.expectRow(order.code, { Status: 'Shipped', Total: money(42.24, 'EUR'), Sync: 'In sync' });
  });

  await test.step('A: acknowledged (OK)', async () => {
    await expect(adminA.showSyncState()).toHaveText('In sync', { timeout: SYNC_TIMEOUT });
  });
});
