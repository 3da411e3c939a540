import type { ConsoleMessage, Page } from '@playwright/test';

/**
 * Every uncaught error and every console error of a page, from the moment it opens. The fixtures
 * fail a test whose page had any that the test did not declare as expected (allow()): a React
 * error, a failed render, an unhandled rejection or a request the page did not expect to fail.
 */
export class PageHealth {
  private readonly problems: string[] = [];
  private readonly allowed: RegExp[] = [];

  constructor(page: Page) {
    page.on('pageerror', (error) => this.record(`uncaught ${error.name}: ${error.message}`));
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      const where = message.location();
      this.record(`console.error: ${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    });
  }

  /**
   * Declares errors a scenario provokes on purpose (a server it stopped, a save it expects to be
   * refused): the browser logs a failed request as a console error, and that is not a defect.
   */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  private record(text: string): void {
    this.problems.push(text);
  }

  /** What went wrong and was not allowed. */
  unexpected(): string[] {
    return this.problems.filter((p) => !this.allowed.some((a) => a.test(p)));
  }
}
