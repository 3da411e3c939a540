import { AdminUi, money } from '../support/admin-ui.js';
import { expect, test } from '../support/fixtures.js';
import { uniqueTag } from '../support/harness.js';
import { pickWithKeys, tabTo, typeInto } from '../support/keyboard.js';

/**
 * The order form catches mistakes before anything is sent (the server's rules, each message once,
 * on its field), and create, edit and resolve work with the keyboard alone.
 */

/** Counts the GraphQL mutations of one kind the page sends (to prove that nothing was sent). */
function countMutations(ui: AdminUi, operation: string): () => number {
  let n = 0;
  ui.page.on('request', (request) => {
    if (request.url().endsWith('/graphql') && (request.postData() ?? '').includes(`mutation ${operation}`)) n++;
  });
  return () => n;
}

test('7a. the form refuses mistakes before saving, each message once on its field', async ({ adminA }) => {
  const page = adminA.page;
  const creates = countMutations(adminA, 'CreateOrder');
  await adminA.login();
  await adminA.openOrders();
  await adminA.openCreate();

  // The first field of a new order is the customer, not the status.
  const first = page.locator('form input:not([type=hidden]), form [role=combobox]').first();
  await expect(first).toHaveAccessibleName(/Customer name/);

  await adminA.fillMistakenOrder({ sku: 'SKU 1', unitPrice: '9.999' });
  await page.getByRole('textbox', { name: 'Shipping cost' }).fill('-1');
  // No total is shown for a negative quantity.
  await expect(page.getByLabel('Total', { exact: true })).toHaveText('—');
  await page.getByRole('button', { name: 'Save' }).click();

  const expected: [string, string][] = [
    ['Customer email', 'Enter an email address such as name@example.com'],
    ['Full name', 'Enter the recipient’s full name'],
    ['Country', 'Choose the country'],
    ['Quantity', 'Enter a whole number from 1 to 10,000'],
    ['Unit price', 'Enter an amount such as 12.50 (at most 2 decimals)'],
    ['Shipping cost', 'An amount cannot be negative'],
    ['SKU', 'Use letters, digits and . _ - / only, starting with a letter or digit'],
  ];
  for (const [field, message] of expected) {
    await expect(page.getByText(message, { exact: true }), `${field}: "${message}" shown once`).toHaveCount(1);
  }
  await expect(page).toHaveURL(/\/orders\/create/);
  expect(creates(), 'nothing is sent while the form has mistakes').toBe(0);

  // Corrected, it saves, and the notice names the order.
  await adminA.fill('Customer email', 'mistaken@example.com');
  await adminA.fill('Full name', 'Mistaken Customer');
  await adminA.fill('Address line 1', '1 Test Street');
  await adminA.fill('City', 'Testville');
  await adminA.fill('Postal code', '12345');
  await adminA.pick('Country', 'DE');
  await adminA.lineInput(0, 'SKU').fill('SKU-1');
  await adminA.lineInput(0, 'Quantity').fill('3');
  await adminA.lineInput(0, 'Unit price').fill('9.99');
  await page.getByRole('textbox', { name: 'Shipping cost' }).fill('5.5');
  await expect(page.getByLabel('Total', { exact: true })).toHaveText(money(35.47, 'EUR'));
  const code = await adminA.save();
  await expect(page.getByText(`Order ${code} created`)).toBeVisible();
  expect(creates()).toBe(1);
  // Money with its currency and all its digits; the country by name.
  await expect(page.getByTestId('show-shipping')).toHaveText(money(5.5, 'EUR'));
  await expect(adminA.shown('Address')).toContainText('Germany');
});

test('7b. create and edit an order with the keyboard alone', async ({ adminA }) => {
  const page = adminA.page;
  const customer = `Keys ${uniqueTag('kb-')}`;
  await adminA.login();
  await adminA.openOrders();
  await tabTo(page, page.getByRole('link', { name: 'Create' }).or(page.getByRole('button', { name: 'Create' })).first());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/orders\/create/);

  await typeInto(page, page.getByRole('textbox', { name: 'Customer name' }), customer);
  await typeInto(page, page.getByRole('textbox', { name: 'Customer email' }), 'keys@example.com');
  await typeInto(page, page.getByRole('textbox', { name: 'Full name' }), customer);
  await typeInto(page, page.getByRole('textbox', { name: 'Address line 1' }), '2 Key Street');
  await typeInto(page, page.getByRole('textbox', { name: 'City' }), 'Keyton');
  await typeInto(page, page.getByRole('textbox', { name: 'Postal code' }), 'K1 2EY');
  await pickWithKeys(page, page.getByRole('combobox', { name: 'Country' }), 'Ireland', /\(IE\)$/);
  await typeInto(page, adminA.lineInput(0, 'SKU'), 'KEY-1');
  await typeInto(page, adminA.lineInput(0, 'Name'), 'Keyboard');
  await typeInto(page, adminA.lineInput(0, 'Quantity'), '2');
  await typeInto(page, adminA.lineInput(0, 'Unit price'), '20.00');
  await expect(page.getByLabel('Total', { exact: true })).toHaveText(money(40, 'EUR'));
  await tabTo(page, page.getByRole('button', { name: 'Save' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}\/show/);
  const code = (await page.getByTestId('order-code').textContent())!.trim();
  await expect(page.getByText(`Order ${code} created`)).toBeVisible();

  // Edit: to the Edit button, change the status (a select: Enter opens it, arrows choose) and save.
  await tabTo(page, page.getByRole('link', { name: 'Edit' }).or(page.getByRole('button', { name: 'Edit' })).first(), { max: 60 });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await tabTo(page, page.getByRole('combobox', { name: 'Status' }), { max: 60 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.press('ArrowDown'); // Pending -> Paid
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveText('Paid');
  await typeInto(page, page.getByRole('textbox', { name: 'Note' }), 'Paid by bank transfer');
  await tabTo(page, page.getByRole('button', { name: 'Save' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}\/show/);
  await expect(page.getByText(`Order ${code} saved`)).toBeVisible();
  await expect(adminA.shown('Status')).toHaveText('Paid');
  await expect(adminA.shown('Note')).toHaveText('Paid by bank transfer');
});

test('7c. resolve with the keyboard: only differing fields, a preview, confirmation for taking all', async ({ harness, adminA }) => {
  const page = adminA.page;
  const customer = `KeyRes ${uniqueTag('kr-')}`;
  const order = await harness.makeCollision(customer, { status: 'shipped', note: 'From A' }, { status: 'cancelled', shippingCost: 800 });
  await adminA.login();
  await adminA.openMenu('Collisions');
  const row = page.locator('tbody tr').filter({ hasText: order.code });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByRole('menuitem', { name: /Collisions/ }).first()).toContainText(/[1-9]/);
  await tabTo(page, row.getByRole('link', { name: `Resolve ${order.code}` }).or(row.getByRole('button', { name: `Resolve ${order.code}` })).first(), { max: 80 });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/collisions\/[0-9a-f-]{36}\/resolve/);

  // The sides are named, and only status, shipping cost and note differ (note: B kept the original).
  await expect(page.getByRole('columnheader', { name: 'A (this one)' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'B', exact: true })).toBeVisible();
  await expect(page.getByRole('radiogroup')).toHaveCount(3);
  await expect(page.getByText(/5 fields are the same on both sides/)).toBeVisible();
  const preview = page.getByTestId('resolve-preview');
  await expect(preview.getByRole('row', { name: /Status/ })).toContainText('Shipped');

  // Status from B, with the arrow keys; the preview follows.
  await tabTo(page, page.getByRole('radiogroup', { name: 'Status' }).getByRole('radio', { checked: true }), { max: 60 });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radiogroup', { name: 'Status' }).getByRole('radio', { name: /^B\b/ })).toBeChecked();
  await expect(preview.getByRole('row', { name: /Status/ })).toContainText('Cancelled');
  await expect(preview).toContainText('Differs from A (this one) in: status');

  // Taking all of B asks first; Escape leaves everything as it was.
  await tabTo(page, page.getByRole('button', { name: 'Take all of B' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Take B’s copy of ${order.code}?`);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/\/resolve/);

  await tabTo(page, page.getByRole('button', { name: 'Apply this result' }), { back: true, max: 10 });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}\/show/);
  await expect(page.getByText(new RegExp(`Order ${order.code} resolved`))).toBeVisible();
  await expect(adminA.shown('Status')).toHaveText('Cancelled');
  await expect(adminA.shown('Note')).toHaveText('From A');
  await expect(adminA.showSyncState()).toHaveText('In sync', { timeout: 60_000 });
  await harness.waitInSync(order.id);
});
