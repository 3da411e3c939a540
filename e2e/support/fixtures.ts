import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { AdminUi } from './admin-ui.js';
import { Harness } from './harness.js';
import { PageHealth } from './page-health.js';
import type { InstanceName } from './paths.js';

/**
 * Fixtures of every scenario:
 *  - `harness`: where A and B are; stop/start a server; setup/teardown API calls;
 *  - `adminA`, `adminB`: one browser context and page per instance (separate logins and storage),
 *    wrapped in the admin page helpers. When the test ends (passed or not), each page's end state is
 *    saved as a screenshot in the test's output directory (e2e/test-results/<test>/A-end.png,
 *    B-end.png) and attached to the report. A page that had an uncaught error or a console error
 *    the test did not declare (`ui.health.allow(...)`) fails the test.
 */
interface Fixtures {
  adminA: AdminUi;
  adminB: AdminUi;
}

interface WorkerFixtures {
  harness: Harness;
}

async function endScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  if (page.isClosed()) return;
  const path = testInfo.outputPath(`${name}-end.png`);
  try {
    await page.screenshot({ path, fullPage: true, timeout: 15_000 });
    await testInfo.attach(`${name} end state`, { path, contentType: 'image/png' });
  } catch (err) {
    console.warn(`[e2e] no end screenshot of ${name}: ${(err as Error).message}`);
  }
}

function adminFixture(name: InstanceName) {
  return async (
    { browser, harness }: { browser: import('@playwright/test').Browser; harness: Harness },
    use: (ui: AdminUi) => Promise<void>,
    testInfo: TestInfo,
  ) => {
    const context = await browser.newContext({ baseURL: harness.instance(name).url });
    const page = await context.newPage();
    const health = new PageHealth(page);
    const ui = new AdminUi(page, name, health);
    try {
      await use(ui);
    } finally {
      await endScreenshot(page, testInfo, name);
      await context.close();
    }
    const problems = health.unexpected();
    if (problems.length) throw new Error(`${name}'s admin had ${problems.length} page error(s):\n${problems.join('\n')}`);
  };
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  harness: [
    // Playwright reads a fixture's dependencies from its first parameter, which must be a pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(new Harness());
    },
    { scope: 'worker' },
  ],
  adminA: adminFixture('A'),
  adminB: adminFixture('B'),
});

export { expect };
