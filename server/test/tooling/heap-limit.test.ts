import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The V8 heap flags a file starts node with, in order of appearance. */
const heapFlagsIn = (text: string) => [...text.matchAll(/--max-(?:old|semi)-space-size=\d+/g)].map((m) => m[0]);

/** The node command line the Docker image's CMD runs, in an environment (node replaced by echo). */
function dockerCommandLine(env: Record<string, string>): string {
  const cmd = read('Dockerfile').match(/^CMD (\[.*\])$/m);
  const [shell, flag, script] = JSON.parse(cmd![1]!) as string[];
  expect([shell, flag]).toEqual(['sh', '-c']);
  return execFileSync('sh', ['-c', script!.replace('exec node', 'exec echo node')], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } })
    .toString()
    .trim();
}

/**
 * The server's heap limits are node flags, so they are written where node is started: the Docker
 * image's CMD (production), `npm start` and the benchmark (which must measure what production runs).
 * A server on PGlite also gets a smaller young generation (docs/benchmarks.md, fourteenth round).
 */
describe('the heap limits', () => {
  it('are the same in the Docker image, npm start and the benchmark', () => {
    const docker = heapFlagsIn(read('Dockerfile'));
    expect(docker).toEqual(['--max-semi-space-size=8', '--max-old-space-size=320']);
    expect(heapFlagsIn(read('scripts/start.mjs')).sort()).toEqual([...docker].sort());
    expect(heapFlagsIn(read('server/bench/servers.ts')).sort()).toEqual([...docker].sort());
  });

  it('give the young generation flag to a server on PGlite only', () => {
    expect(dockerCommandLine({})).toBe('node --max-old-space-size=320 --max-semi-space-size=8 server/dist/main.js');
    expect(dockerCommandLine({ DATABASE_URL: 'postgres://db/orders' })).toBe('node --max-old-space-size=320 server/dist/main.js');
  });
});
