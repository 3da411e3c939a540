/**
 * Runs the fault simulation for many seeds (10,000 by default) and prints every failing seed.
 *   npm run simulate -w server -- [count] [first-seed] [steps]
 *   npm run simulate -w server -- --rest [count] [first-seed] [steps]    (the REST model)
 * A failing seed replays alone with: SIM_SEED=<seed> npx vitest run test/simulation (in server/).
 */
import 'reflect-metadata';
import { runRestSeed } from '../test/simulation/run-rest-seed.js';
import { createRestSim } from '../test/simulation/rest-sim.js';
import { runSeed } from '../test/simulation/run-seed.js';
import { createSimPair } from '../test/simulation/sim-pair.js';

const rest = process.argv.includes('--rest');
const [count = 10_000, first = 1, steps = 120] = process.argv.slice(2).filter((a) => a !== '--rest').map(Number);

if (rest) {
  const sim = await createRestSim();
  const started = Date.now();
  let failed = 0;
  const totals = { orders: 0, collisions: 0, errors: 0, windowEdits: 0, windowOverwrites: 0, resolutionOverwrites: 0, undoneOverwrites: 0 };
  for (let seed = first; seed < first + count; seed++) {
    const r = await runRestSeed(sim, seed, { steps, faultRate: 0.1, windowRate: 0.2 });
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
    if (r.violations.length) {
      failed++;
      console.log(`FAIL seed ${seed} (SIM_SEED=${seed} npx vitest run test/simulation/rest-simulation.test.ts):\n  ${r.violations.join('\n  ')}`);
    }
    if ((seed - first + 1) % 100 === 0) console.log(`${seed - first + 1}/${count} seeds, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  await sim.close();
  console.log(`REST model: ${count} seeds (${first}..${first + count - 1}), ${steps} steps each: ${failed} failed; ${JSON.stringify(totals)}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exit(failed ? 1 : 0);
}

const pair = await createSimPair();
const started = Date.now();
let failed = 0;
let orders = 0;
let collisions = 0;
for (let seed = first; seed < first + count; seed++) {
  const result = await runSeed(pair, seed, { steps, faultRate: 0.1 });
  orders += result.orders;
  collisions += result.collisions;
  if (result.violations.length) {
    failed++;
    console.log(`FAIL seed ${seed}:\n  ${result.violations.join('\n  ')}`);
  }
  if ((seed - first + 1) % 500 === 0) {
    console.log(`${seed - first + 1}/${count} seeds, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}
await pair.close();
console.log(`${count} seeds (${first}..${first + count - 1}), ${steps} steps each: ${failed} failed; ${orders} orders, ${collisions} collisions left for an admin; ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
