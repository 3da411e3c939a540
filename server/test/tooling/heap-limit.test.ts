import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const limitsIn = (text: string) => [...text.matchAll(/--max-old-space-size=(\d+)/g)].map((m) => m[1]);

/**
 * The server's heap limit is a node flag, so it is written where node is started: the Docker
 * image's CMD (production), `npm start` and the benchmark (which must measure what production runs).
 */
describe('the heap limit', () => {
  it('is the same in the Docker image, npm start and the benchmark', () => {
    const docker = limitsIn(read('Dockerfile'));
    expect(docker).toHaveLength(1);
    expect(limitsIn(read('scripts/start.mjs'))).toEqual(docker);
    expect(limitsIn(read('server/bench/servers.ts'))).toEqual(docker);
  });
});
