import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: two real Orders servers (A and B, started by support/global-setup.ts) and
 * their admin apps in Debian's Chromium (/usr/bin/chromium; Playwright's own browsers are never
 * downloaded). One worker: the scenarios share the two servers, and scenario 5 stops B.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './support/global-setup.ts',
  globalTeardown: './support/global-teardown.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two shared cores, two servers, two browser contexts: be generous.
  timeout: 240_000,
  globalTimeout: 30 * 60_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { outputFolder: './playwright-report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    viewport: { width: 1440, height: 900 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
