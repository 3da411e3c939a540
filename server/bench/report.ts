import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { SERVER_DIR } from '../test/support/server-process.js';
import type { Figures } from './figures.js';

/** The printed table and the JSON file of a run. */

/** The commit measured; "-dirty" when tracked files had uncommitted changes. */
export function currentCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: SERVER_DIR, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: SERVER_DIR, encoding: 'utf8' }).trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

export function machine() {
  return {
    cpus: cpus().length,
    node: process.version,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
  };
}

export function printTable(figures: Figures): void {
  const rows = figures.rows().map((r) => [r.name, String(r.value), r.unit, r.what]);
  const header = ['figure', 'value', 'unit', 'what'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

export function writeResults(path: string, figures: Figures, run: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const json = { commit: currentCommit(), machine: machine(), figures: figures.json(), run, details: figures.details };
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nWritten to ${path}`);
}
