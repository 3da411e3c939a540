import { AxeBuilder } from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';

export interface AxeCount {
  page: string;
  critical: number;
  serious: number;
  moderate: number;
  minor: number;
  /** "rule-id (impact): n nodes", for the serious and critical ones. */
  violations: string[];
  /** The ids of the moderate and minor ones (reported, not asserted). */
  lesser: string[];
}

/**
 * axe-core (WCAG 2.0/2.1/2.2 A and AA rules, plus best practices) on the page as it is now. The
 * result is attached to the report; the caller asserts on the counts.
 */
export async function axeCount(page: Page, name: string, testInfo: TestInfo): Promise<AxeCount> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const count = (impact: string) => results.violations.filter((v) => v.impact === impact).length;
  const summary: AxeCount = {
    page: name,
    critical: count('critical'),
    serious: count('serious'),
    moderate: count('moderate'),
    minor: count('minor'),
    violations: results.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`),
    lesser: results.violations.filter((v) => v.impact === 'moderate' || v.impact === 'minor').map((v) => `${v.id} (${v.impact})`),
  };
  await testInfo.attach(`axe ${name}`, { body: JSON.stringify({ summary, violations: results.violations }, null, 2), contentType: 'application/json' });
  return summary;
}
