/**
 * Runs the fault simulation for many seeds (10,000 by default) and prints every failing seed.
 *   npm run simulate -w server -- [count] [first-seed] [steps]
 * A failing seed replays alone with: SIM_SEED=<seed> npx vitest run test/simulation (in server/).
 */
import 'reflect-metadata';
import { runSeed } from '../test/simulation/run-seed.js';
import { createSimPair } from '../test/simulation/sim-pair.js';

const [count = 10_000, first = 1, steps = 120] = process.argv.slice(2).map(Number);
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
