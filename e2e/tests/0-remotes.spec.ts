import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { axeCount, type AxeCount } from '../support/axe.js';
import { expect, test } from '../support/fixtures.js';
import { orderBody, uniqueTag, type Order } from '../support/harness.js';
import { SHOP_MAPPING, startJsonServer, type JsonServer } from '../support/json-server.js';
import { tabTo, typeInto } from '../support/keyboard.js';
import { REPO_ROOT, RESULTS_DIR } from '../support/paths.js';

/**
 * Several remotes on A's Sync page: the peer B (from the harness) and a REST shop, a real
 * json-server started by this test, added through the admin's form with the keyboard only. Its
 * catch-up shows as a progress bar; the order page lists the order's state with each remote; the
 * sync log filters by remote; the shop is edited (credentials kept) and removed (orders stay).
 * Runs first (0-): it leaves A with its one peer, as the other scenarios expect.
 *
 * Screenshots: docs/screenshots/remote-add.png and docs/screenshots/sync-remotes.png.
 */

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(500);
}

const SHOTS = join(REPO_ROOT, 'docs', 'screenshots');

test('0. remotes: a peer and a REST shop on the Sync page; add, edit and remove a remote', async ({ harness, adminA }, testInfo) => {
  const page = adminA.page;
  const counts: AxeCount[] = [];
  const check = async (name: string) => {
    await settle(page);
    const count = await axeCount(page, name, testInfo);
    counts.push(count);
    expect.soft(count.critical + count.serious, `${name}: ${count.violations.join('; ')}`).toBe(0);
  };
  const tag = uniqueTag('rm-');
  let shop: JsonServer | null = null;
  try {
    shop = await startJsonServer();
    // Orders A holds before the shop is added: the shop's catch-up sends them.
    const orders: Order[] = [];
    for (let i = 1; i <= 3; i++) orders.push(await harness.createOrder('A', orderBody(`Remotes ${tag} ${i}`)));

    await test.step('the Sync page: one panel, the peer B', async () => {
      await adminA.login();
      await adminA.openSync();
      await expect(page.getByRole('region', { name: 'Remote B' })).toBeVisible();
      await expect(page.locator('section[data-remote]')).toHaveCount(1);
    });

    await test.step('add the shop with the keyboard: mistakes caught before saving, the server error once on its field', async () => {
      await tabTo(page, page.getByRole('link', { name: 'Add a remote' }), { max: 60 });
      await page.keyboard.press('Enter');
      await expect(page.locator('#main-content').getByRole('heading', { name: 'Add a remote', level: 1 })).toBeVisible();
      await check('remote add');

      const form = page.getByRole('form', { name: 'Add a remote' });
      await typeInto(page, form.getByRole('textbox', { name: 'Name' }), 'shop');
      // Kind: REST is chosen; the arrow keys move between the kinds.
      await tabTo(page, form.getByRole('radio', { name: /REST shop API/ }));
      await page.keyboard.press('ArrowLeft');
      await expect(form.getByRole('radio', { name: /Another copy/ })).toBeChecked();
      await page.keyboard.press('ArrowRight');
      await expect(form.getByRole('radio', { name: /REST shop API/ })).toBeChecked();
      await typeInto(page, form.getByRole('textbox', { name: 'URL' }), 'localhost:3000');
      await typeInto(page, form.getByRole('textbox', { name: 'Label' }), 'Web shop');
      const token = form.getByLabel('API token');
      await tabTo(page, token);
      await page.keyboard.type('shop-token-0123456789abcdef');
      const settings = form.getByRole('textbox', { name: 'Settings (JSON)' });
      await tabTo(page, settings);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText('{ "paths": ');
      await tabTo(page, form.getByRole('button', { name: 'Add remote' }));
      await page.keyboard.press('Enter');
      // Caught here, before saving: the URL and the JSON, each on its field; the focus on the first.
      await expect(form.getByText('Must be an http(s) URL such as http://localhost:3000')).toHaveCount(1);
      await expect(form.getByText(/^Not valid JSON/)).toHaveCount(1);
      await expect(form.getByRole('textbox', { name: 'URL' })).toBeFocused();
      await check('remote add with mistakes');

      await typeInto(page, form.getByRole('textbox', { name: 'URL' }), shop!.url);
      // A mapping without its list path: the server's error, named by its key, on the settings.
      const { list: _list, ...pathsWithoutList } = SHOP_MAPPING.paths;
      await tabTo(page, settings);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(JSON.stringify({ ...SHOP_MAPPING, paths: pathsWithoutList }, null, 2));
      await tabTo(page, form.getByRole('button', { name: 'Add remote' }));
      adminA.health.allow(/status of 400/);
      await page.keyboard.press('Enter');
      const serverError = page.getByText(/^paths\.list: /);
      await expect(serverError).toHaveCount(1);
      await expect(page.getByText(/paths\.list/)).toHaveCount(1);
      await expect(settings).toHaveAttribute('aria-invalid', 'true');
      await check('remote add, server error');
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'remote-add.png'), fullPage: true });

      await tabTo(page, settings, { back: true });
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(JSON.stringify(SHOP_MAPPING, null, 2));
      await expect(form.getByRole('checkbox', { name: /Start paused/ })).toBeChecked();
      await tabTo(page, form.getByRole('button', { name: 'Add remote' }));
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/\/admin\/sync$/);
    });

    const shopPanel = page.getByRole('region', { name: 'Remote Web shop' });
    await test.step('two panels; the shop paused with its catch-up waiting', async () => {
      await expect(page.locator('section[data-remote]')).toHaveCount(2);
      await expect(shopPanel).toContainText('REST shop API (rest)');
      await expect(shopPanel).toContainText(shop!.url);
      await expect(shopPanel.locator('[data-run-state]').first()).toHaveText('Paused');
      const progress = shopPanel.getByRole('progressbar', { name: 'Catch-up with Web shop' });
      await expect(progress).toBeVisible();
      await expect(shopPanel).toContainText(/\d+ orders? waiting · 0\.0 per second · waits for the sync to be resumed/);
      await check('sync, two remotes');
      await page.screenshot({ path: join(SHOTS, 'sync-remotes.png'), fullPage: true });
    });

    await test.step('resume the shop: the queue drains, the orders reach json-server', async () => {
      await shopPanel.getByRole('button', { name: 'Resume sync' }).click();
      await expect(shopPanel.getByRole('button', { name: 'Pause sync' })).toBeVisible();
      await expect(shopPanel.locator('[data-catch-up="idle"]')).toBeVisible({ timeout: 90_000 });
      await expect.poll(async () => (await shop!.orders()).filter((o) => String((o.buyer as { full_name?: string })?.full_name ?? '').includes(tag)).length, { timeout: 60_000 }).toBe(3);
    });

    await test.step("the order page: the order's state with each remote", async () => {
      await page.goto(`/admin/orders/${orders[0]!.id}/show`);
      const table = page.getByRole('table', { name: 'Sync state with each remote' });
      await expect(table.locator('tr[data-remote="shop"]')).toContainText('Web shop');
      await expect(table.locator('tr[data-remote="shop"]')).toHaveAttribute('data-state', 'OK', { timeout: 60_000 });
      await expect(table.locator('tr[data-remote="shop"] td').nth(2)).toHaveText(/^\d+$/);
      await expect(table.locator('tr[data-remote="peer"]')).toContainText('B');
      await check('order show, two remotes');
    });

    await test.step('the sync log shows the remote and filters by it', async () => {
      await adminA.openSync();
      const log = page.getByRole('region', { name: 'Sync log' });
      await log.getByRole('combobox', { name: 'Remote' }).click();
      await page.getByRole('option', { name: 'Web shop' }).click();
      // Every row of the filtered log is with the shop (the peer B's rows are gone).
      await expect.poll(async () => [...new Set(await log.locator('tbody tr td.column-remote').allTextContents())], { timeout: 30_000 }).toEqual(['Web shop']);
      await expect(log.locator('tbody tr').first()).toContainText('Web shop');
      await check('sync log filtered by remote');
    });

    await test.step('edit the shop: credentials left empty are kept', async () => {
      await shopPanel.getByRole('link', { name: 'Edit' }).click();
      await expect(page.locator('#main-content').getByRole('heading', { name: 'Edit remote Web shop', level: 1 })).toBeVisible();
      await expect(page.getByTestId('credentials-note')).toContainText('Leave these fields empty to keep the stored ones (set: token)');
      await check('remote edit');
      const form = page.getByRole('form', { name: 'Edit remote shop' });
      await form.getByRole('textbox', { name: 'Label' }).fill('Web shop EU');
      await form.getByRole('button', { name: 'Save remote' }).click();
      await expect(page).toHaveURL(/\/admin\/sync$/);
      await expect(page.getByRole('region', { name: 'Remote Web shop EU' })).toBeVisible();
      const { remoteDefinition } = await harness.graphql<{ remoteDefinition: { label: string; credentialsSet: string[] } }>(
        'A',
        '{ remoteDefinition(name: "shop") { label credentialsSet } }',
      );
      expect(remoteDefinition).toEqual({ label: 'Web shop EU', credentialsSet: ['token'] });
    });

    await test.step('remove the shop: the confirmation names what goes and what stays', async () => {
      const panel = page.getByRole('region', { name: 'Remote Web shop EU' });
      await panel.getByRole('button', { name: 'Remove' }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toContainText('Remove Web shop EU?');
      await expect(dialog).toContainText('sync records');
      await expect(dialog).toContainText('The orders stay here');
      await check('remove remote dialog');
      await dialog.getByRole('button', { name: 'Remove Web shop EU' }).click();
      await expect(page.locator('section[data-remote]')).toHaveCount(1);
      await expect(page.getByRole('region', { name: 'Remote B' })).toBeVisible();
      for (const order of orders) expect(await harness.orderWithSync('A', order.id)).not.toBeNull();
    });
  } finally {
    // Never leave the shop behind for the other scenarios.
    await harness.graphql('A', 'mutation { removeRemote(name: "shop") }').catch(() => undefined);
    await shop?.close();
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'axe-remotes.json'), `${JSON.stringify(counts, null, 2)}\n`);
    console.log(`[axe] remotes: critical/serious per page: ${counts.map((c) => `${c.page} ${c.critical}/${c.serious}`).join(', ')}`);
    for (const c of counts) for (const v of c.violations) console.log(`[axe] ${c.page}: ${v}`);
  }
});
