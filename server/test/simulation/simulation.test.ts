import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeed } from './run-seed.js';
import { createSimPair, type SimPair } from './sim-pair.js';

/**
 * The deterministic fault simulation (see docs/two-way-sync.md). SIM_SEED=n replays one seed;
 * SIM_SEEDS sets how many run here (200 by default); `npm run simulate -w server` runs 10,000.
 */
const only = process.env.SIM_SEED ? [Number(process.env.SIM_SEED)] : null;
const count = Number(process.env.SIM_SEEDS ?? 200);
const seeds = only ?? Array.from({ length: count }, (_, i) => i + 1);

describe('fault simulation: two instances, a network that drops, duplicates, delays and reorders', () => {
  let pair: SimPair;
  beforeAll(async () => {
    pair = await createSimPair();
  });
  afterAll(async () => pair?.close());

  it(`converges for ${seeds.length} seeds`, { timeout: 1_800_000 }, async () => {
    const failures: string[] = [];
    let orders = 0;
    let collisions = 0;
    let requests = 0;
    const started = Date.now();
    for (const seed of seeds) {
      const result = await runSeed(pair, seed, { steps: 120, faultRate: 0.1 });
      orders += result.orders;
      collisions += result.collisions;
      requests += result.network.requests ?? 0;
      if (result.violations.length) {
        failures.push(`seed ${seed} (replay: SIM_SEED=${seed} npx vitest run test/simulation):\n  ${result.violations.slice(0, 5).join('\n  ')}`);
      }
    }
    console.log(
      `[simulation] ${seeds.length} seeds, ${orders} orders, ${collisions} collisions left for an admin, ${requests} requests, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
