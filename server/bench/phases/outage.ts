import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentComparer } from '../content.js';
import { withSql } from '../databases.js';
import { runLoad } from '../load.js';
import { peakRssMb, type Pair } from '../servers.js';
import { openStatementWindow, printStatements } from '../statement-stats.js';
import { bothOutcomes, duplicateRatio, until } from '../sync-control.js';
import { announce, type PhaseContext } from './context.js';

/**
 * outage_converge_s: on a converged pair (the one that caught up the large backlog), B is stopped
 * (SIGTERM) while changes accumulate on A through its REST API: half of them new orders, half
 * updates of orders both sides hold. Timed from B's start (the spawn of its process) until both
 * databases hold identical orders and lines.
 */

export async function outage({ sizes, figures }: PhaseContext, pair: Pair): Promise<void> {
  const { a, b, databases } = pair;
  if (databases.a.driver !== 'postgres' || databases.b.driver !== 'postgres') throw new Error('the outage is measured on PostgreSQL');
  const updates = Math.floor(sizes.outageChanges / 2);
  const creates = sizes.outageChanges - updates;
  announce(`Outage: B down while ${sizes.outageChanges} changes (${creates} new orders, ${updates} updates) accumulate on A`);

  const outcomesBefore = await bothOutcomes(a, b);
  await b.stop();
  const targets = await withSql(databases.a.url, (sql) => sql<{ id: string; version: number }[]>`select id, version from orders where not deleted order by id limit ${updates}`);
  if (targets.length < updates) throw new Error(`A holds ${targets.length} orders, fewer than the ${updates} to update`);
  const dir = await mkdtemp(join(tmpdir(), 'orders-bench-'));
  try {
    const targetsFile = join(dir, 'targets.json');
    await writeFile(targetsFile, JSON.stringify(targets));
    const created = await runLoad({ url: a.url, kind: 'create', connections: 8, amount: creates, tag: 'outage', firstIndex: 3_000_000 }, 'new orders during the outage');
    const updated = await runLoad({ url: a.url, kind: 'update', connections: 8, amount: updates, tag: 'outage', targetsFile }, 'updates during the outage');
    figures.detail('outage', {
      changes: { creates, updates, createsPerSecond: Math.round(created.perSecond), updatesPerSecond: Math.round(updated.perSecond), failed: created.failed + updated.failed },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const comparer = new ContentComparer(databases.a.url, databases.b.url);
  try {
    const statementWindow = await openStatementWindow(pair);
    const started = performance.now();
    await b.start();
    const startupSeconds = (performance.now() - started) / 1000;
    await until('both sides to hold identical orders', Math.max(600_000, sizes.outageChanges * 20), 250, () => comparer.identical());
    const seconds = (performance.now() - started) / 1000;
    const statements = await statementWindow.close();
    if (statements) {
      printStatements('outage', statements);
      figures.detail('outage', { statements: statements.slice(0, 40) });
    }
    figures.set('outage_converge_s', seconds, 's', `B down while ${sizes.outageChanges} changes accumulate on A: from B's start until both hold identical content`);
    figures.detail('outage', {
      bStartupSeconds: Number(startupSeconds.toFixed(2)),
      peakRssMb: { a: peakRssMb(a), b: peakRssMb(b) },
      messages: duplicateRatio(outcomesBefore, await bothOutcomes(a, b)),
    });
  } finally {
    await comparer.close();
  }
}
