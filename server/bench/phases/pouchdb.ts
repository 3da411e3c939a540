import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_DIR } from '../../test/support/server-process.js';
import { announce, type PhaseContext } from './context.js';

/**
 * The PouchDB anchor (../shared/anchors/pouchdb beside the repository; POUCHDB_ANCHOR_DIR
 * overrides): two express-pouchdb servers with a live PouchDB sync between them. Its README says
 * how to run it: copied to a temporary directory (it is read-only, and its code never enters this
 * repository), `npm ci` there, then its bench.mjs with this run's sizes; it prints one JSON line
 * per figure.
 */

const ANCHOR = process.env.POUCHDB_ANCHOR_DIR ?? resolve(SERVER_DIR, '..', '..', 'shared', 'anchors', 'pouchdb');

interface AnchorLine {
  figure: string;
  [key: string]: unknown;
}

function runAnchor(dir: string, args: string[]): Promise<AnchorLine[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['bench.mjs', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as AnchorLine);
      const error = lines.find((l) => l.figure === 'error');
      if (code !== 0 || error) reject(new Error(`the PouchDB anchor failed (exit ${code}): ${typeof error?.message === 'string' ? error.message : out.slice(-2000)}`));
      else resolvePromise(lines);
    });
  });
}

/** Makes the copied tree writable (the anchor's files are read-only). */
function makeWritable(path: string): void {
  chmodSync(path, 0o755);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else chmodSync(full, 0o644);
  }
}

export async function pouchdbPhase({ sizes, figures }: PhaseContext): Promise<void> {
  announce(`PouchDB anchor: ${sizes.backlog} documents replicated, ${sizes.latencyUpdates} updates timed, ${sizes.idleSeconds} s idle`);
  if (!existsSync(join(ANCHOR, 'bench.mjs'))) throw new Error(`no PouchDB anchor at ${ANCHOR} (set POUCHDB_ANCHOR_DIR)`);
  const dir = mkdtempSync(join(tmpdir(), 'pouchdb-anchor-'));
  try {
    cpSync(ANCHOR, dir, { recursive: true });
    makeWritable(dir);
    console.log(`  npm ci in ${dir}`);
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
    if (install.status !== 0) throw new Error('npm ci of the PouchDB anchor failed');
    const lines = await runAnchor(dir, [`--n=${sizes.backlog}`, `--updates=${sizes.latencyUpdates}`, `--idle=${sizes.idleSeconds}`, '--parts=bulk,latency,idle']);
    const line = (name: string): Record<string, unknown> => {
      const found = lines.find((l) => l.figure === name);
      if (!found) throw new Error(`the PouchDB anchor printed no ${name}`);
      return found;
    };
    /** A number the anchor printed; anything else means its output changed, which must not pass as a figure. */
    const num = (from: Record<string, unknown>, key: string): number => {
      const value = from[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`the PouchDB anchor's ${String(from.figure)} has no number ${key}`);
      return value;
    };
    const latency = line('latency_B_update_to_A_change');
    const replication = line('replicate_A_to_B');
    const bulk = line('bulk_insert_A');
    const idle = line('idle');
    const rss = line('peak_rss').processes as Record<string, { peak_rss_mib: number }>;
    figures.set('pouchdb_latency_p50_ms', num(latency, 'p50_ms'), 'ms', "PouchDB: update on B until A's _changes feed shows it, median");
    figures.set('pouchdb_latency_p99_ms', num(latency, 'p99_ms'), 'ms', "PouchDB: update on B until A's _changes feed shows it, 99th percentile");
    figures.set('pouchdb_catchup_per_s', num(replication, 'docs_per_s'), 'docs/s', `PouchDB: ${sizes.backlog} documents on A replicated to B by live sync`);
    figures.set('pouchdb_bulk_insert_per_s', num(bulk, 'docs_per_s'), 'docs/s', "PouchDB: the backlog written to A with _bulk_docs (1,000 per request)");
    figures.set('pouchdb_rss_peak_mb', Math.max(rss.serverA!.peak_rss_mib, rss.serverB!.peak_rss_mib), 'MB', 'PouchDB: peak RSS of the busier server');
    const perMinute = idle.http_requests_per_min as { A: number; B: number };
    figures.set('pouchdb_idle_requests_per_min', Math.max(perMinute.A, perMinute.B), 'requests/min', 'PouchDB: idle pair, requests per minute received by the busier server');
    figures.detail('pouchdb', { latency, replication, bulk, idle, peakRss: rss, config: line('config') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
