/**
 * npm run bench: the figures of issue 11, side by side with a bare baseline (and PouchDB with
 * --with-pouchdb). A and B run as server processes of their own, the load comes from a third
 * process; see docs/benchmarks.md for what each figure means and how it is measured.
 */
import { readFileSync } from 'node:fs';
import { dropAllDatabases, postgresAnswers, withSql } from './databases.js';
import { Figures, requiredFigures } from './figures.js';
import { parseOptions, type BenchOptions } from './options.js';
import { catchupPhase } from './phases/catchup.js';
import { loadAverage, type PhaseContext } from './phases/context.js';
import { createsPhase } from './phases/creates.js';
import { graphqlPhase } from './phases/graphql.js';
import { latencyPhase } from './phases/latency.js';
import { pglitePhase } from './phases/pglite.js';
import { pouchdbPhase } from './phases/pouchdb.js';
import { restCatchupPhase } from './phases/rest-catchup.js';
import { printTable, writeResults } from './report.js';
import { ensureServerBuilt, profileServersInto, stopAllServers } from './servers.js';
import { recordStatements } from './statement-stats.js';
import { closeAllShops } from './shop.js';
import { ADMIN_URL } from '../test/support/postgres-url.js';

async function cleanUp(): Promise<void> {
  await stopAllServers();
  await closeAllShops();
  await dropAllDatabases();
}

async function runPhases(options: BenchOptions, context: PhaseContext): Promise<void> {
  const { only } = options;
  const ratios: number[] = [];
  if (only.has('creates')) await createsPhase(context);
  if (only.has('graphql')) await graphqlPhase(context, options.smoke);
  if (only.has('latency')) ratios.push((await latencyPhase(context, only.has('idle'))).steadyDuplicateRatio);
  if (only.has('catchup')) ratios.push((await catchupPhase(context, only.has('outage'))).catchupDuplicateRatio);
  // The goal holds for the catch-up and for the steady state: the figure is the worse of the two.
  if (ratios.length) context.figures.set('duplicate_ratio', Math.max(...ratios), 'ratio', 'received messages that changed nothing / all received: the worse of catch-up and steady state');
  if (only.has('rest')) await restCatchupPhase(context);
  if (only.has('pglite')) await pglitePhase(context);
  if (only.has('pouchdb')) await pouchdbPhase(context);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!(await postgresAnswers())) {
    console.error(`No PostgreSQL server answers at ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')}: the benchmark needs one (set TEST_POSTGRES_URL).`);
    return 1;
  }
  ensureServerBuilt();
  profileServersInto(options.cpuProfileDir);
  recordStatements(options.statementStats);

  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping the servers and dropping the databases`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  const figures = new Figures();
  const startedAt = new Date();
  const loadAtStart = readFileSync('/proc/loadavg', 'utf8').trim();
  const postgresVersion = await withSql(ADMIN_URL, async (sql) => (await sql<{ v: string }[]>`select version() as v`)[0]!.v);
  let failure: Error | null = null;
  try {
    await runPhases(options, { sizes: options.sizes, figures, restShops: options.restShops });
  } catch (err) {
    failure = err as Error;
  } finally {
    await cleanUp();
  }
  if (interrupted) return 130;

  const run = {
    startedAt: startedAt.toISOString(),
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    smoke: options.smoke,
    phases: [...options.only],
    sizes: options.sizes,
    server: 'node dist/main.js (NODE_ENV=production, LOG_LEVEL=info), one process per instance',
    postgres: postgresVersion,
    loadavg: { start: loadAtStart, end: readFileSync('/proc/loadavg', 'utf8').trim(), oneMinuteAtEnd: loadAverage() },
    ...(failure ? { failed: failure.message } : {}),
  };
  printTable(figures);
  writeResults(options.out, figures, run);
  console.log(`The run took ${run.seconds} s; load average at the start ${loadAtStart}, at the end ${run.loadavg.end}.`);

  if (failure) {
    console.error(`\nThe benchmark failed: ${failure.stack ?? failure.message}`);
    return 1;
  }
  const missing = options.partial ? [] : requiredFigures(options).filter((n) => !figures.has(n));
  if (missing.length) {
    console.error(`Missing figures: ${missing.join(', ')}`);
    return 1;
  }
  return 0;
}

process.exit(await main());
