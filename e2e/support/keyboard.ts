import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Moves the focus with Tab (Shift+Tab with `back`) until `target` has it, as a keyboard user
 * would; fails when it is not reached within `max` presses.
 */
export async function tabTo(page: Page, target: Locator, { max = 40, back = false } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}"` : 'nothing';
  });
  throw new Error(`${target.toString()} not reached with ${max} ${back ? 'Shift+Tab' : 'Tab'} presses (focus is on ${focused})`);
}

/** Tabs to a text input and types into it. */
export async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
  await expect(target).toHaveValue(text);
}

/** Tabs to a searchable picker, types, and takes the first option with Arrow Down and Enter. */
export async function pickWithKeys(page: Page, target: Locator, text: string, expected: RegExp): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
  await expect(page.getByRole('option', { name: expected }).first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(target).toHaveValue(expected);
}
