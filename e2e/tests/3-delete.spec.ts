import { SYNC_TIMEOUT } from '../support/admin-ui.js';
import { expect, test } from '../support/fixtures.js';
import { orderBody, uniqueTag } from '../support/harness.js';

/** Scenario 3: an order deleted in A's admin leaves B's default list and is listed as deleted in B. */
test('3. deleted in A, gone from B’s list and shown with the Deleted filter', async ({ harness, adminA, adminB }, testInfo) => {
  // Setup (API): an order both sides hold, in sync.
  const customer = `Del ${uniqueTag('del-')}`;
  const order = await harness.createOrder('A', orderBody(customer));
  await harness.waitInSync(order.id);
  testInfo.annotations.push({ type: 'order', description: `${order.code} (${customer})` });

  await test.step('B: the order is in the default list', async () => {
    await adminB.login();
    await adminB.openOrders(customer);
    await adminB.expectRow(order.code, { Code: order.code, Sync: 'In sync' });
  });

  await test.step('A: delete it (Delete, Confirm)', async () => {
    await adminA.login();
    await adminA.openOrder(order.code);
    await adminA.deleteOrder();
    await adminA.openOrders(customer);
    await expect(adminA.row(order.code)).toHaveCount(0);
  });

  await test.step('B: it leaves the default list by itself', async () => {
    await expect(adminB.row(order.code)).toHaveCount(0, { timeout: SYNC_TIMEOUT });
  });

  await test.step('B: with the Deleted filter it is listed, deleted on both sides', async () => {
    await adminB.showDeleted();
    await adminB.expectRow(order.code, { Code: order.code, Customer: customer, Sync: 'Deleted on both sides' });
    await adminB.row(order.code).getByText(order.code, { exact: true }).click();
    await expect(adminB.page.getByText('This order is deleted')).toBeVisible();
    await expect(adminB.page.getByRole('link', { name: 'Edit' }).or(adminB.page.getByRole('button', { name: 'Edit' }))).toBeDisabled();
  });

  await test.step('A: deleted on both sides too', async () => {
    await adminA.showDeleted();
    await adminA.expectRow(order.code, { Code: order.code, Sync: 'Deleted on both sides' });
  });
});
