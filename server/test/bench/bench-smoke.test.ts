import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requiredFigures } from '../../bench/figures.js';
import { postgresAvailable } from '../support/databases.js';
import { SERVER_DIR } from '../support/server-process.js';

/**
 * Keeps `npm run bench` working: the smoke size (a 1,000-order backlog, a few seconds per figure)
 * in a child process, as `npm run bench -- --smoke --pglite` runs it. The benchmark is never a
 * timed test: only that every figure is there, as a finite number with a unit, is checked.
 */

const run = (args: string[]) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bench.ts', ...args], { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });

describe('npm run bench -- --smoke --pglite', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!postgresAvailable())(
    'writes every figure of the issue as a finite number with a unit',
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'bench-smoke-'));
      const out = join(dir, 'bench.json');
      const { code, output } = await run(['--smoke', '--pglite', `--out=${out}`]);
      expect(code, output.slice(-6000)).toBe(0);

      const json = JSON.parse(await readFile(out, 'utf8')) as {
        commit: string;
        machine: { cpus: number; node: string };
        figures: Record<string, { value: unknown; unit: unknown }>;
        details: { rest?: { memoryShop?: { size: number; shop: { orders: number; distinctOurIds: number } } } };
      };
      expect(json.commit).toMatch(/^[0-9a-f]{7,}(-dirty)?$/);
      expect(json.machine.cpus).toBeGreaterThan(0);
      expect(json.machine.node).toBe(process.version);
      for (const name of requiredFigures({ pglite: true, pouchdb: false })) {
        const figure = json.figures[name];
        expect(figure, `figure ${name}`).toBeDefined();
        expect(Number.isFinite(figure!.value), `${name} = ${String(figure!.value)}`).toBe(true);
        expect(typeof figure!.unit === 'string' && figure!.unit.length > 0, `unit of ${name}`).toBe(true);
      }
      // The output names each figure in its table.
      expect(output).toContain('create_per_s_sync');
      // The REST catch-up ran against its json-server shop: every order of the backlog reached it, once
      // (what it holds, not how fast).
      const rest = json.details.rest?.memoryShop;
      expect(rest?.shop).toMatchObject({ orders: rest?.size, distinctOurIds: rest?.size });
    },
    // The phases at smoke size, the REST catch-up (200 orders, one request at a time) included.
    420_000,
  );
});
