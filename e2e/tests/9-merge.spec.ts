import { expect, test } from '../support/fixtures.js';
import { orderBody, uniqueTag } from '../support/harness.js';

/**
 * Scenario 9: with the sync paused on both sides, the same order is changed in A (status) and in
 * B (note). Once resumed, both sides merge the two edits by themselves: no collision for an admin,
 * and each admin's order page says that it was merged automatically, and what came from where.
 */
test.afterEach(async ({ harness }) => {
  for (const name of ['A', 'B'] as const) {
    if ((await harness.syncRunState(name)) === 'paused') await harness.resumeSync(name);
  }
});

test('9. edits of different fields on both sides merge by themselves, and the order page says so', async ({ harness, adminA, adminB }, testInfo) => {
  const customer = `Merge ${uniqueTag('mrg-')}`;
  const order = await harness.createOrder('A', orderBody(customer, { status: 'pending', note: null }));
  await harness.waitInSync(order.id);
  testInfo.annotations.push({ type: 'order', description: `${order.code} (${customer})` });

  await test.step('paused on both sides: A marks it paid, B adds a courier note', async () => {
    await Promise.all([harness.pauseSync('A'), harness.pauseSync('B')]);
    await harness.rest('A', `/api/orders/${order.id}`, { method: 'PUT', json: { version: order.version, status: 'paid' } });
    await harness.rest('B', `/api/orders/${order.id}`, { method: 'PUT', json: { version: order.version, note: 'Courier: ring twice' } });
    await Promise.all([harness.resumeSync('A'), harness.resumeSync('B')]);
    await harness.waitInSync(order.id);
  });

  for (const [admin, name] of [
    [adminA, 'A'],
    [adminB, 'B'],
  ] as const) {
    await test.step(`${name}: in sync, both edits, and a notice naming where each came from`, async () => {
      await admin.login();
      await admin.openOrders(customer);
      await admin.expectRow(order.code, { Sync: 'In sync', Status: 'Paid' });
      await admin.openOrder(order.code);
      await expect(admin.shown('Note')).toHaveText('Courier: ring twice');
      const notice = admin.page.getByTestId('merge-notice');
      await expect(notice).toContainText('Merged automatically');
      await expect(notice).toContainText('status from A');
      await expect(notice).toContainText('note from B');
    });
  }

  await test.step('nothing waits under Collisions', async () => {
    const a = await harness.orderWithSync('A', order.id);
    const b = await harness.orderWithSync('B', order.id);
    expect(a).toMatchObject({ status: 'paid', note: 'Courier: ring twice', sync: { state: 'OK' } });
    expect(b).toMatchObject({ version: a!.version, status: 'paid', note: 'Courier: ring twice', sync: { state: 'OK' } });
  });
});
