/**
 * Replays one seed of the REST model and prints, for the first order it complains about (or the
 * shop order KEY=n), its edits, its sync record and log here, and the shop's requests about it.
 *   npx tsx scripts/replay-rest-seed.ts <seed> [steps]      (FULL=1: every request of the run)
 */
import 'reflect-metadata';
import { loadRecords, loadRecordsByRemoteKey } from '../src/integration/records.js';
import { readLog } from '../src/integration/sync-log.js';
import { STATE_NAMES, type SyncState } from '../src/integration/sync-state.js';
import { runRestSeed } from '../test/simulation/run-rest-seed.js';
import { createRestSim, SHOP } from '../test/simulation/rest-sim.js';

const [seed = 1, steps = 120] = process.argv.slice(2).map(Number);
const sim = await createRestSim();
const r = await runRestSeed(sim, seed, { steps, faultRate: 0.1, windowRate: 0.2 });
console.log(r.violations.length ? r.violations.join('\n') : `seed ${seed}: no violation`);
console.log(`window edits ${r.windowEdits} (${r.windowOverwrites} overwritten), resolution overwrites ${r.resolutionOverwrites}, undone edits overwritten ${r.undoneOverwrites}`);
const db = sim.here.database.db;
const remoteId = sim.here.sync.pick(SHOP)!.id;
const key = process.env.KEY;
const id = (key ? (await loadRecordsByRemoteKey(db, remoteId, [key])).get(key)?.orderId : undefined) ?? /order ([0-9a-f-]{36})/.exec(r.violations[0] ?? '')?.[1];
const name = (code: number | null) => (code === null ? '-' : STATE_NAMES[code as SyncState]);
if (id) {
  console.log('\nedits:');
  for (const e of r.history.edits.filter((x) => x.orderId === id)) console.log(`  step ${e.step} on ${e.side}: ${JSON.stringify(e.changed)}`);
  const rec = (await loadRecords(db, remoteId, [id])).get(id);
  console.log(`\nhere: ${rec ? `${name(rec.state)} base ${rec.base}, shop order ${rec.remoteKey ?? '-'}` : 'no record'}`);
  const log = await readLog(db, { orderId: id, page: 1, perPage: 500 });
  for (const e of log.items.reverse()) {
    console.log(`  ${e.direction.padEnd(5)} ${name(e.messageState).padEnd(12)} v${e.version ?? '-'} b${e.base ?? '-'}  ${name(e.stateBefore)} -> ${name(e.stateAfter)}  ${e.outcome}: ${e.detail ?? ''}`);
  }
  console.log('\nthe shop:');
  for (const t of sim.shop.trace) if ((rec?.remoteKey && t.includes(`/orders/${rec.remoteKey} `)) || t.includes(id)) console.log(`  ${t}`);
}
if (process.env.FULL) for (const t of sim.shop.trace) console.log(t);
await sim.close();
process.exit(0);
