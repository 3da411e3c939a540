import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRestSeed } from './run-rest-seed.js';
import { createRestSim, type RestSim } from './rest-sim.js';

/**
 * The REST model of the fault simulation (see docs/two-way-sync.md §6): this instance and a plain
 * REST shop without versions, with lost requests and answers, the shop down, and the shop's staff
 * writing concurrently. SIM_SEED=n replays one seed; SIM_SEEDS sets how many run here (100 by
 * default); `npm run simulate -w server -- --rest` runs more.
 */
const only = process.env.SIM_SEED ? [Number(process.env.SIM_SEED)] : null;
const count = Number(process.env.SIM_SEEDS ?? 100);
const seeds = only ?? Array.from({ length: count }, (_, i) => i + 1);

describe('fault simulation, REST model: a shop without versions, lost answers, concurrent writers', () => {
  let sim: RestSim;
  beforeAll(async () => {
    sim = await createRestSim();
  });
  afterAll(async () => sim?.close());

  it(`converges or shows a collision for ${seeds.length} seeds`, { timeout: 1_800_000 }, async () => {
    const failures: string[] = [];
    const totals = { orders: 0, collisions: 0, errors: 0, windowEdits: 0, windowOverwrites: 0, resolutionOverwrites: 0, undoneOverwrites: 0, requests: 0 };
    const perSeed: number[] = [];
    const started = Date.now();
    for (const seed of seeds) {
      const r = await runRestSeed(sim, seed, { steps: Number(process.env.SIM_STEPS ?? 60), faultRate: 0.1, windowRate: 0.2 });
      totals.orders += r.orders;
      totals.collisions += r.collisions;
      totals.errors += r.errors;
      totals.windowEdits += r.windowEdits;
      totals.windowOverwrites += r.windowOverwrites;
      totals.resolutionOverwrites += r.resolutionOverwrites;
      totals.undoneOverwrites += r.undoneOverwrites;
      perSeed.push(r.collisions);
      totals.requests += r.shop.requests ?? 0;
      if (r.violations.length) {
        failures.push(`seed ${seed} (replay: SIM_SEED=${seed} npx vitest run test/simulation/rest-simulation.test.ts):\n  ${r.violations.slice(0, 5).join('\n  ')}`);
      }
    }
    console.log(
      `[rest simulation] ${seeds.length} seeds, ${totals.orders} orders, ${totals.collisions} collisions and ${totals.errors} errors left for an admin, ` +
        `${totals.windowEdits} staff edits inside the read–write window (${totals.windowOverwrites} overwritten, undetectable), ` +
        `${totals.resolutionOverwrites} staff edits overwritten by an earlier resolution's write (known), ` +
        `${totals.undoneOverwrites} staff edits undone before we read the order again and overwritten (undetectable), ${totals.requests} requests, ` +
        `collisions per seed max ${Math.max(0, ...perSeed)}, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
