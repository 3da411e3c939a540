import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { axeCount, type AxeCount } from '../support/axe.js';
import { expect, test } from '../support/fixtures.js';
import { orderBody, uniqueTag } from '../support/harness.js';
import { REPO_ROOT, RESULTS_DIR } from '../support/paths.js';

/**
 * Every page of the admin, logged out and logged in, cold (opened by its URL) and warm (reached
 * through the menu): no page error and no console error (the fixtures check that), and axe-core
 * finds no critical or serious violation. The counts go to test-results/axe-summary.json.
 *
 * E2E_SCREENSHOTS=before|after also saves the dashboard, the form with errors and the resolve
 * page as docs/screenshots/<page>-<before|after>.png.
 */

const SCREENSHOTS = process.env.E2E_SCREENSHOTS;

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 }).catch(() => undefined);
  // Lazy pages and the first refresh.
  await page.waitForTimeout(500);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  const dir = join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}-${SCREENSHOTS}.png`), fullPage: true });
}

test('6. every page: no page error, no serious accessibility violation', async ({ harness, adminA }, testInfo) => {
  const customer = `Pages ${uniqueTag('pg-')}`;
  const page = adminA.page;
  const counts: AxeCount[] = [];
  const check = async (name: string) => {
    await settle(page);
    const count = await axeCount(page, name, testInfo);
    counts.push(count);
    expect.soft(count.critical + count.serious, `${name}: ${count.violations.join('; ')}`).toBe(0);
  };

  const order = await harness.createOrder('A', orderBody(customer, { note: 'seen on every page' }));
  const collision = await harness.makeCollision(
    `${customer} collision`,
    { status: 'shipped', note: 'Gift wrap, from A' },
    { status: 'cancelled', shippingCost: 650 },
  );

  await test.step('logged out: every address leads to the login page, without an error', async () => {
    for (const path of ['/admin/', '/admin/orders', `/admin/orders/${order.id}/show`, '/admin/collisions', '/admin/sync']) {
      await page.goto(path);
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    }
    await check('login');
  });

  await test.step('log in: the dashboard', async () => {
    await adminA.login();
    await check('dashboard');
    await screenshot(page, 'dashboard');
  });

  await test.step('orders list, show, edit (warm, through the menu)', async () => {
    await adminA.openOrders(customer);
    await adminA.expectRow(order.code, {});
    await check('order list');
    await adminA.row(order.code).getByText(order.code, { exact: true }).click();
    await expect(page.getByTestId('order-code')).toHaveText(order.code);
    await check('show');
    await adminA.clickEdit();
    await check('edit');
  });

  await test.step('create, and the form with mistakes', async () => {
    await adminA.openOrders();
    await adminA.openCreate();
    await check('create');
    await adminA.fillMistakenOrder();
    await page.getByRole('button', { name: 'Save' }).click();
    await settle(page);
    await check('create with errors');
    await screenshot(page, 'form-errors');
  });

  await test.step('collisions and the resolve page', async () => {
    await adminA.openMenu('Collisions');
    await expect(page.locator('tbody tr').filter({ hasText: collision.code })).toHaveCount(1, { timeout: 30_000 });
    await check('collisions');
    await page.goto(`/admin/collisions/${collision.id}/resolve`);
    await expect(page.getByText(collision.code).first()).toBeVisible();
    await check('resolve');
    await screenshot(page, 'resolve');
  });

  await test.step('sync page', async () => {
    await adminA.openSync();
    await check('sync');
  });

  await test.step('cold: each page opened by its address, logged in', async () => {
    for (const path of ['/admin/', '/admin/orders', `/admin/orders/${order.id}/show`, `/admin/orders/${order.id}`, '/admin/orders/create', '/admin/collisions', `/admin/collisions/${collision.id}/resolve`, '/admin/sync']) {
      await page.goto(path);
      await settle(page);
      await expect(page.getByRole('banner').first()).toContainText(adminA.title);
    }
  });

  await test.step('the collision is left resolved (as it was on A)', async () => {
    await harness.graphql('A', 'mutation($id: ID!) { resolveCollision(orderId: $id, take: OURS) { id } }', { id: collision.id });
  });

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'axe-summary.json'), `${JSON.stringify(counts, null, 2)}\n`);
  console.log(
    `[axe] critical/serious per page: ${counts.map((c) => `${c.page} ${c.critical}/${c.serious}`).join(', ')}; total serious ${counts.reduce((s, c) => s + c.serious, 0)}, critical ${counts.reduce((s, c) => s + c.critical, 0)}`,
  );
  for (const c of counts) for (const v of c.violations) console.log(`[axe] ${c.page}: ${v}`);
});
