import { SYNC_TIMEOUT } from '../support/admin-ui.js';
import { expect, test } from '../support/fixtures.js';
import { orderBody, uniqueTag } from '../support/harness.js';

/**
 * Scenario 4: with the sync paused on both sides, the same order is changed differently in A and
 * in B; once resumed, both admins show the collision; it is resolved in A field by field (status
 * from theirs, note from ours) and both end with the merged order, in sync.
 */
test.afterEach(async ({ harness }) => {
  // Teardown: never leave a paused instance to the next scenario.
  for (const name of ['A', 'B'] as const) {
    if ((await harness.syncRunState(name)) === 'paused') await harness.resumeSync(name);
  }
});

test('4. collision after a paused sync, resolved field by field in A', async ({ harness, adminA, adminB }, testInfo) => {
  const customer = `Col ${uniqueTag('col-')}`;
  const order = await harness.createOrder('A', orderBody(customer, { status: 'paid', note: 'original note' }));
  await harness.waitInSync(order.id);
  testInfo.annotations.push({ type: 'order', description: `${order.code} (${customer})` });

  await test.step('pause the sync on both (Sync page)', async () => {
    await adminA.login();
    await adminB.login();
    await adminA.openSync();
    await adminA.pauseSync();
    await adminB.openSync();
    await adminB.pauseSync();
  });

  await test.step('A: status shipped, note "Gift wrap, from A"', async () => {
    await adminA.openOrder(order.code);
    await adminA.clickEdit();
    await adminA.choose('Status', 'Shipped');
    await adminA.fill('Note', 'Gift wrap, from A');
    await adminA.save();
    await expect(adminA.shown('Status')).toHaveText('Shipped');
    await expect(adminA.showSyncState()).toHaveText('Waiting to be sent');
  });

  await test.step('B: status cancelled, note "Customer called, from B"', async () => {
    await adminB.openOrder(order.code);
    await adminB.clickEdit();
    await adminB.choose('Status', 'Cancelled');
    await adminB.fill('Note', 'Customer called, from B');
    await adminB.save();
    await expect(adminB.shown('Status')).toHaveText('Cancelled');
    await expect(adminB.showSyncState()).toHaveText('Waiting to be sent');
  });

  await test.step('resume the sync on both', async () => {
    await adminA.openSync();
    await adminA.resumeSync();
    await adminB.openSync();
    await adminB.resumeSync();
  });

  await test.step('both admins show the order as changed on both sides', async () => {
    await adminA.openOrders(customer);
    await adminB.openOrders(customer);
    await adminA.expectRow(order.code, { Sync: 'Changed on both sides', Status: 'Shipped' });
    await adminB.expectRow(order.code, { Sync: 'Changed on both sides', Status: 'Cancelled' });
  });

  await test.step('A: resolve field by field, status from theirs, note from ours', async () => {
    await adminA.row(order.code).getByText(order.code, { exact: true }).click();
    await adminA.page.getByRole('link', { name: 'Resolve collision' }).or(adminA.page.getByRole('button', { name: 'Resolve collision' })).first().click();
    await expect(adminA.page).toHaveURL(/\/collisions\/[0-9a-f-]{36}\/resolve/);
    const status = adminA.page.getByRole('radiogroup', { name: 'Status', exact: true });
    const note = adminA.page.getByRole('radiogroup', { name: 'Note', exact: true });
    // The sides are named: A (this one) and B; only the fields that differ are offered.
    await status.getByRole('radio', { name: /^B\b/ }).check();
    await note.getByRole('radio', { name: /^A \(this one\)/ }).check();
    await expect(status.getByRole('radio', { name: /^B\b/ })).toBeChecked();
    const preview = adminA.page.getByTestId('resolve-preview');
    await expect(preview.getByRole('row', { name: /Status/ })).toContainText('Cancelled');
    await expect(preview.getByRole('row', { name: /Note/ })).toContainText('Gift wrap, from A');
    await adminA.page.getByRole('button', { name: 'Apply this result' }).click();
    await expect(adminA.page).toHaveURL(/\/orders\/[0-9a-f-]{36}\/show/);
  });

  await test.step('A: the merged order, in sync', async () => {
    await expect(adminA.shown('Status')).toHaveText('Cancelled');
    await expect(adminA.shown('Note')).toHaveText('Gift wrap, from A');
    await expect(adminA.showSyncState()).toHaveText('In sync', { timeout: SYNC_TIMEOUT });
  });

  await test.step('B: the merged order, in sync, without touching B', async () => {
    await adminB.expectRow(order.code, { Sync: 'In sync', Status: 'Cancelled' });
    await adminB.row(order.code).getByText(order.code, { exact: true }).click();
    await expect(adminB.shown('Status')).toHaveText('Cancelled');
    await expect(adminB.shown('Note')).toHaveText('Gift wrap, from A');
    await expect(adminB.showSyncState()).toHaveText('In sync');
  });

  await test.step('A: listed in sync', async () => {
    await adminA.openOrders(customer);
    await adminA.expectRow(order.code, { Sync: 'In sync', Status: 'Cancelled' });
  });
});
