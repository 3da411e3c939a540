import { expect, type Locator, type Page } from '@playwright/test';
import { PageHealth } from './page-health.js';
import { ADMIN, type InstanceName } from './paths.js';

/**
 * The admin app (react-admin, served at /admin) as a person uses it: labels, buttons and menu
 * entries only (see admin/src). One instance per browser page.
 */

/** How long a change may take to show up on the other side (sync + the list's 3 s refresh). */
export const SYNC_TIMEOUT = 90_000;

export interface LineInput {
  sku: string;
  name: string;
  quantity: number;
  /** Major units, as typed: 12.5 is 12.50. */
  unitPrice: number;
}

export interface OrderInput {
  status?: string;
  customerName: string;
  customerEmail: string;
  phone?: string;
  fullName: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  countryCode: string;
  currency: string;
  shippingCost: number;
  note?: string;
  lines: LineInput[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "€12.50": money as the admin shows it (Intl, English). */
export const money = (major: number, currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).format(major);

export class AdminUi {
  constructor(
    readonly page: Page,
    readonly name: InstanceName,
    readonly health: PageHealth = new PageHealth(page),
  ) {}

  /** The app bar title of this instance: "Orders · A". */
  get title(): string {
    return `Orders · ${this.name}`;
  }

  // ---- login and navigation ----

  /** Opens /admin, signs in with the admin login, waits for the app bar of this instance. */
  async login(): Promise<void> {
    const { page } = this;
    await page.goto('/admin/');
    await page.getByRole('textbox', { name: 'Username', exact: true }).fill(ADMIN.username);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.appBar()).toContainText(this.title);
  }

  appBar(): Locator {
    return this.page.getByRole('banner').first();
  }

  /** The side menu entry (Orders, Collisions, Sync, ...). */
  async openMenu(entry: 'Orders' | 'Collisions' | 'Sync' | 'Dashboard'): Promise<void> {
    await this.page.getByRole('menu').getByRole('menuitem', { name: entry }).first().click();
  }

  // ---- the orders list ----

  /** Orders list through the menu, filtered with the Search box. */
  async openOrders(search?: string): Promise<void> {
    await this.openMenu('Orders');
    await expect(this.page).toHaveURL(/\/admin\/orders/);
    if (search !== undefined) await this.search(search);
  }

  async search(text: string): Promise<void> {
    const box = this.page.getByRole('textbox', { name: 'Search' });
    await box.fill(text);
    // The filter is applied after a debounce; the URL carries it.
    await expect(this.page).toHaveURL(new RegExp(escapeRegExp(encodeURIComponent(text))));
  }

  /** Shows only deleted orders (the "Deleted" filter switch). */
  async showDeleted(on = true): Promise<void> {
    const toggle = this.page.getByRole('checkbox', { name: 'Deleted' }).or(this.page.getByRole('switch', { name: 'Deleted' }));
    if (on) await toggle.check();
    else await toggle.uncheck();
  }

  /** The list's row holding `text` (an order code or a customer name). */
  row(text: string): Locator {
    return this.page.locator('tbody tr').filter({ hasText: text });
  }

  /** The cell of `column` (a header of the list: Code, Customer, Status, Total, Sync, Updated) in a row. */
  async cell(row: Locator, column: string): Promise<Locator> {
    const headers = (await this.page.locator('thead th').allInnerTexts()).map((h) => h.trim());
    const index = headers.findIndex((h) => h === column);
    if (index < 0) throw new Error(`no column "${column}" in the orders list (columns: ${headers.join(', ')})`);
    return row.locator('td').nth(index);
  }

  /**
   * Waits until the row of `text` shows the expected values (the list refreshes every 3 s by
   * itself: no reload, no click).
   */
  async expectRow(text: string, expected: Partial<Record<'Code' | 'Customer' | 'Status' | 'Total' | 'Sync', string>>, timeout = SYNC_TIMEOUT): Promise<void> {
    const row = this.row(text);
    await expect(row).toHaveCount(1, { timeout });
    for (const [column, value] of Object.entries(expected)) {
      await expect(await this.cell(row, column), `${this.name}: ${column} of the order "${text}"`).toHaveText(value, { timeout });
    }
  }

  // ---- the order form ----

  async openCreate(): Promise<void> {
    await this.page.getByRole('link', { name: 'Create' }).or(this.page.getByRole('button', { name: 'Create' })).first().click();
    await expect(this.page).toHaveURL(/\/orders\/create/);
  }

  /** Chooses an option of a select (MUI): the Status of the form, or a list filter. */
  async choose(label: string, option: string): Promise<void> {
    await this.page.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
    await expect(this.page.getByRole('listbox')).toHaveCount(0);
  }

  /** A text or number input of the line items ("SKU", "Name", "Quantity", "Unit price") of line `index`. */
  lineInput(index: number, label: 'SKU' | 'Name' | 'Quantity' | 'Unit price'): Locator {
    const role = label === 'Quantity' ? 'spinbutton' : 'textbox';
    return this.page.getByRole(role, { name: label, exact: true }).nth(index);
  }

  async fillOrder(order: OrderInput): Promise<void> {
    const { page } = this;
    await this.fill('Customer name', order.customerName);
    await this.fill('Customer email', order.customerEmail);
    if (order.phone !== undefined) await this.fill('Phone', order.phone);
    await this.fill('Full name', order.fullName);
    await this.fill('Address line 1', order.line1);
    if (order.line2 !== undefined) await this.fill('Address line 2', order.line2);
    await this.fill('City', order.city);
    await this.fill('Postal code', order.postalCode);
    await this.pick('Country', order.countryCode);
    await this.pick('Currency', order.currency);
    for (const [i, line] of order.lines.entries()) {
      if ((await page.getByRole('textbox', { name: 'SKU', exact: true }).count()) <= i) {
        await page.getByRole('button', { name: 'Add line' }).click();
        await expect(page.getByRole('textbox', { name: 'SKU', exact: true })).toHaveCount(i + 1);
      }
      await this.lineInput(i, 'SKU').fill(line.sku);
      await this.lineInput(i, 'Name').fill(line.name);
      await this.lineInput(i, 'Quantity').fill(String(line.quantity));
      await this.lineInput(i, 'Unit price').fill(line.unitPrice.toFixed(2));
    }
    await this.page.getByRole('textbox', { name: 'Shipping cost' }).fill(order.shippingCost.toFixed(2));
    if (order.note !== undefined) await this.fill('Note', order.note);
    if (order.status) await this.choose('Status', order.status);
  }

  /**
   * A searchable picker (Country, Currency): types the code and takes the option that ends with it
   * ("United Kingdom (GB)", "Euro (EUR)").
   */
  async pick(label: string, code: string): Promise<void> {
    const box = this.page.getByRole('combobox', { name: label });
    const chosen = new RegExp(`\\(${escapeRegExp(code)}\\)$`);
    if (chosen.test(await box.inputValue())) return; // already chosen (a new order's currency is EUR)
    await box.fill('');
    await box.pressSequentially(code);
    await this.page.getByRole('option', { name: chosen }).click();
    await expect(box).toHaveValue(chosen);
  }

  /**
   * The start of an order with mistakes in it (an email that is none, a quantity of -3, no
   * address): what the form must refuse before anything is sent.
   */
  async fillMistakenOrder({ sku = 'SKU-1', unitPrice = '9.99' } = {}): Promise<void> {
    await this.fill('Customer name', 'Mistaken Customer');
    await this.fill('Customer email', 'not-an-email');
    await this.lineInput(0, 'SKU').fill(sku);
    await this.lineInput(0, 'Name').fill('Widget');
    await this.lineInput(0, 'Quantity').fill('-3');
    await this.lineInput(0, 'Unit price').fill(unitPrice);
  }

  /** Fills a text input by its label ("Customer name", "City", "Note", ...). */
  async fill(label: string, value: string): Promise<void> {
    await this.page.getByRole('textbox', { name: label }).fill(value);
  }

  /** Save; waits for the show page the form redirects to, and returns the order code shown there. */
  async save(): Promise<string> {
    await this.page.getByRole('button', { name: 'Save' }).click();
    await expect(this.page).toHaveURL(/\/orders\/[0-9a-f-]{36}\/show/);
    const code = this.page.getByTestId('order-code');
    await expect(code).toHaveText(/^[A-Z0-9]+-\d{6,}$/);
    return (await code.textContent())!.trim();
  }

  // ---- the show page ----

  /** Opens an order from the list (by its code), on its show page. */
  async openOrder(code: string): Promise<void> {
    await this.openOrders(code);
    await this.row(code).getByText(code, { exact: true }).click();
    await expect(this.page).toHaveURL(/\/orders\/[0-9a-f-]{36}\/show/);
    await expect(this.page.getByTestId('order-code')).toHaveText(code);
  }

  /**
   * A labelled value of the show page ("Status", "Note", "Customer name", "State", ...): the
   * definition of that term (<dt>label</dt><dd>value</dd>), or a group named by the caption.
   */
  shown(label: string): Locator {
    const term = this.page.getByRole('term').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) });
    const definition = this.page.locator('dl').filter({ has: term }).getByRole('definition');
    return definition.or(this.page.getByRole('group', { name: label, exact: true })).first();
  }

  /** The sync state of the order on its show page (the "State" of its Sync card). */
  showSyncState(): Locator {
    return this.shown('State');
  }

  /** The order's total on its show page (the "Total" row of the Lines table). */
  showTotal(): Locator {
    const table = this.page.getByRole('table', { name: 'Lines' });
    return table
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: 'Total', exact: true }) })
      .getByRole('cell')
      .last();
  }

  async clickEdit(): Promise<void> {
    await this.page.getByRole('link', { name: 'Edit' }).or(this.page.getByRole('button', { name: 'Edit' })).first().click();
    await expect(this.page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole('textbox', { name: 'Customer name' })).not.toHaveValue('');
  }

  /** Delete on the show page, then Confirm in the dialog; waits for the list it returns to. */
  async deleteOrder(): Promise<void> {
    await this.page.getByRole('button', { name: 'Delete' }).click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toHaveCount(0);
  }

  // ---- sync page ----

  async openSync(): Promise<void> {
    await this.openMenu('Sync');
    await expect(this.page).toHaveURL(/\/admin\/sync/);
  }

  /** The run state chip of the Sync page (running, paused, backing off, ...). */
  runState(): Locator {
    return this.shown('State');
  }

  async pauseSync(): Promise<void> {
    await this.page.getByRole('button', { name: 'Pause sync' }).click();
    await expect(this.page.getByRole('button', { name: 'Resume sync' })).toBeVisible();
    await expect(this.runState()).toHaveText('Paused');
  }

  async resumeSync(): Promise<void> {
    await this.page.getByRole('button', { name: 'Resume sync' }).click();
    await expect(this.page.getByRole('button', { name: 'Pause sync' })).toBeVisible();
    await expect(this.runState()).not.toHaveText('Paused');
  }
}
