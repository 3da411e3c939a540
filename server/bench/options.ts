import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How big each measurement is. The full sizes are the issue's; --smoke keeps every figure but makes each take seconds. */
export interface Sizes {
  /** Seconds of each create load (8 connections). */
  createSeconds: number;
  /** Seconds of each single-connection create load (the per-write cost). */
  createOneConnectionSeconds: number;
  /** Seconds of each GraphQL page load (50 connections). */
  graphqlSeconds: number;
  /** Updates on B timed until A's feed shows them, unloaded and again under load. */
  latencyUpdates: number;
  /** Background writes per second on each side during the loaded latency run. */
  backgroundWritesPerSecond: number;
  /** The small backlog (rss_peak_mb_10k). */
  smallBacklog: number;
  /** The backlog of catchup_orders_per_s (rss_peak_mb_100k, raw_insert_orders_per_s). */
  backlog: number;
  /** Changes accumulated on A while B is down (outage_converge_s). */
  outageChanges: number;
  /** Seconds the converged pair is left alone (idle_requests_per_min, idle_db_writes). */
  idleSeconds: number;
  /** The PGlite backlog (catchup_orders_per_s_pglite). */
  pgliteBacklog: number;
  /** The backlog synced to a json-server shop (rest_catchup_orders_per_s). */
  restBacklog: number;
}

export const FULL: Sizes = {
  createSeconds: 20,
  createOneConnectionSeconds: 10,
  graphqlSeconds: 20,
  latencyUpdates: 500,
  backgroundWritesPerSecond: 50,
  smallBacklog: 10_000,
  backlog: 100_000,
  outageChanges: 50_000,
  idleSeconds: 60,
  pgliteBacklog: 10_000,
  restBacklog: 10_000,
};

export const SMOKE: Sizes = {
  createSeconds: 2,
  createOneConnectionSeconds: 1,
  graphqlSeconds: 2,
  latencyUpdates: 20,
  backgroundWritesPerSecond: 50,
  smallBacklog: 200,
  backlog: 1_000,
  outageChanges: 500,
  idleSeconds: 5,
  pgliteBacklog: 100,
  restBacklog: 200,
};

export const PHASES = ['creates', 'graphql', 'latency', 'idle', 'catchup', 'outage', 'rest', 'pglite', 'pouchdb'] as const;
export type Phase = (typeof PHASES)[number];

export const REST_SHOPS = ['file', 'memory'] as const;
export type RestShop = (typeof REST_SHOPS)[number];

export interface BenchOptions {
  sizes: Sizes;
  smoke: boolean;
  pglite: boolean;
  pouchdb: boolean;
  /** Phases to run (default: all that the flags allow); idle needs latency, outage needs catchup. */
  only: Set<Phase>;
  /** --only was given: not every figure is expected. */
  partial: boolean;
  /** The json-server shops of the REST catch-up: `memory` (no file, the figure), `file` (its JSON file rewritten per write, for comparison). */
  restShops: RestShop[];
  /** Write a V8 CPU profile of every server process into this directory. */
  cpuProfileDir: string | null;
  /** Read PostgreSQL's pg_stat_statements over each catch-up. */
  statementStats: boolean;
  /** Where the JSON goes. */
  out: string;
}

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
export const DEFAULT_OUT = resolve(BENCH_DIR, 'results', 'latest.json');

const SIZE_FLAGS: Record<string, keyof Sizes> = {
  'create-seconds': 'createSeconds',
  'graphql-seconds': 'graphqlSeconds',
  updates: 'latencyUpdates',
  'background-rate': 'backgroundWritesPerSecond',
  'small-backlog': 'smallBacklog',
  backlog: 'backlog',
  'outage-changes': 'outageChanges',
  'idle-seconds': 'idleSeconds',
  'pglite-backlog': 'pgliteBacklog',
  'rest-backlog': 'restBacklog',
};

export const USAGE = `Usage: npm run bench -- [options]

  --smoke              small sizes (1,000-order backlog, a few seconds per figure), as CI runs it
  --pglite             also measure the embedded PGlite database (figures ending in _pglite)
  --with-pouchdb       also run the PouchDB anchor (../shared/anchors/pouchdb) with the same sizes
  --only=a,b           run only these phases: ${PHASES.join(', ')}
  --rest-shop=a,b      the REST catch-up's json-server: memory (default, the figure) and/or file (its
                       JSON file rewritten on every write: rest_catchup_orders_per_s_file_shop)
  --cpu-prof=DIR       write a V8 CPU profile of every server process into DIR
  --pg-stat-statements PostgreSQL's statements of each catch-up (pg_stat_statements must be loaded
                       by the server: see docs/benchmarks.md), printed and kept in the JSON
  --out=FILE           where the JSON goes (default server/bench/results/latest.json)
  sizes (override the full or smoke size):
  ${Object.entries(SIZE_FLAGS).map(([flag, key]) => `--${flag}=N (${FULL[key]} / smoke ${SMOKE[key]})`).join('\n  ')}

Needs the PostgreSQL server at TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
it creates its databases there and drops them at the end.`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      smoke: { type: 'boolean', default: false },
      pglite: { type: 'boolean', default: false },
      'with-pouchdb': { type: 'boolean', default: false },
      only: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'pg-stat-statements': { type: 'boolean', default: false },
      'rest-shop': { type: 'string', default: 'memory' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      ...Object.fromEntries(Object.keys(SIZE_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const sizes: Sizes = { ...(values.smoke ? SMOKE : FULL) };
  for (const [flag, key] of Object.entries(SIZE_FLAGS)) {
    const raw = values[flag as keyof typeof values];
    if (raw === undefined) continue;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`--${flag} must be a whole number of at least 1, not "${String(raw)}"`);
    sizes[key] = Number(raw);
  }
  sizes.createOneConnectionSeconds = Math.min(sizes.createOneConnectionSeconds, sizes.createSeconds);

  let only = new Set<Phase>(PHASES);
  if (values.only) {
    const picked = values.only.split(',').map((p) => p.trim()).filter(Boolean);
    const unknown = picked.filter((p) => !(PHASES as readonly string[]).includes(p));
    if (unknown.length) throw new Error(`--only: unknown phase ${unknown.join(', ')} (phases: ${PHASES.join(', ')})`);
    only = new Set(picked as Phase[]);
    // The idle window is taken on the latency pair, the outage on the catch-up pair.
    if (only.has('idle')) only.add('latency');
    if (only.has('outage')) only.add('catchup');
  }
  const pglite = Boolean(values.pglite) || (values.only !== undefined && only.has('pglite'));
  const pouchdb = Boolean(values['with-pouchdb']) || (values.only !== undefined && only.has('pouchdb'));
  if (!pglite) only.delete('pglite');
  if (!pouchdb) only.delete('pouchdb');

  const restShops = [...new Set(String(values['rest-shop']).split(',').map((s) => s.trim()).filter(Boolean))];
  const badShop = restShops.filter((s) => !(REST_SHOPS as readonly string[]).includes(s));
  if (badShop.length || !restShops.length) throw new Error(`--rest-shop: ${badShop.join(', ') || 'nothing given'} (shops: ${REST_SHOPS.join(', ')})`);

  // npm runs the script in server/; paths given on the command line are the caller's.
  const callerDir = process.env.INIT_CWD ?? process.cwd();
  return {
    sizes,
    smoke: Boolean(values.smoke),
    pglite,
    pouchdb,
    only,
    partial: values.only !== undefined,
    restShops: restShops as RestShop[],
    cpuProfileDir: values['cpu-prof'] ? resolve(callerDir, values['cpu-prof']) : null,
    statementStats: Boolean(values['pg-stat-statements']),
    out: values.out ? resolve(callerDir, values.out) : DEFAULT_OUT,
  };
}
