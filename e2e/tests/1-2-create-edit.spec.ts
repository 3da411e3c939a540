import type { TestInfo } from '@playwright/test';
import { AdminUi, money } from '../support/admin-ui.js';
import { expect, test } from '../support/fixtures.js';
import { uniqueTag } from '../support/harness.js';

/**
 * Scenarios 1 and 2: an order created and then changed in one instance's admin shows up, changed,
 * in the other instance's admin, in sync (OK).
 */
async function createChangeAndSee(from: AdminUi, to: AdminUi, testInfo: TestInfo): Promise<void> {
  const customer = `Ada ${uniqueTag(`${from.name}to${to.name}-`)}`;

  await test.step(`${from.name}: log in and create an order with two lines`, async () => {
    await from.login();
    await from.openOrders();
    await from.openCreate();
    await from.fillOrder({
      customerName: customer,
      customerEmail: 'ada@example.com',
      phone: '+44 20 7946 0000',
      fullName: customer,
      line1: '12 St James Square',
      city: 'London',
      postalCode: 'SW1Y 4JH',
      countryCode: 'GB',
      currency: 'EUR',
      shippingCost: 4.5,
      note: `created in ${from.name}`,
      lines: [
        { sku: 'BOOK-1', name: 'Notes on the Analytical Engine', quantity: 2, unitPrice: 19.99 },
        { sku: 'PEN-7', name: 'Fountain pen', quantity: 1, unitPrice: 12.5 },
      ],
    });
    // 2 × 19.99 + 1 × 12.50 + 4.50
    await expect(from.page.getByLabel('Total', { exact: true })).toHaveText(money(56.98, 'EUR'));
  });
  const code = await from.save();
  testInfo.annotations.push({ type: 'order', description: `${code} (${customer})` });
  await expect(from.showSyncState()).toBeVisible();

  await test.step(`${from.name}: open it again, change a quantity and the status, save`, async () => {
    await from.openOrder(code);
    await from.clickEdit();
    await from.lineInput(1, 'Quantity').fill('3');
    await from.choose('Status', 'Paid');
    // 2 × 19.99 + 3 × 12.50 + 4.50
    await expect(from.page.getByLabel('Total', { exact: true })).toHaveText(money(81.98, 'EUR'));
    await from.save();
    await expect(from.shown('Status')).toHaveText('Paid');
    await expect(from.showTotal()).toHaveText(money(81.98, 'EUR'));
  });

  await test.step(`${to.name}: the order is listed with the changed status and total, in sync`, async () => {
    await to.login();
    await to.openOrders(customer);
    await to.expectRow(code, { Code: code, Customer: customer, Status: 'Paid', Total: money(81.98, 'EUR'), Sync: 'In sync' });
  });

  await test.step(`${from.name}: in sync too`, async () => {
    await from.openOrders(customer);
    await from.expectRow(code, { Status: 'Paid', Total: money(81.98, 'EUR'), Sync: 'In sync' });
  });
}

test('1. created and changed in B, listed changed and in sync in A', async ({ adminA, adminB }, testInfo) => {
  await createChangeAndSee(adminB, adminA, testInfo);
});

test('2. created and changed in A, listed changed and in sync in B', async ({ adminA, adminB }, testInfo) => {
  await createChangeAndSee(adminA, adminB, testInfo);
});
