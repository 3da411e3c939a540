/**
 * Replays one simulation seed and prints, for the first order it complains about, that order's
 * sync record and sync log on both sides: the story of what went wrong.
 *   npm run simulate:replay -w server -- <seed> [steps]
 */
import 'reflect-metadata';
import { loadRecords } from '../src/integration/records.js';
import { readLog } from '../src/integration/sync-log.js';
import { STATE_NAMES, type SyncState } from '../src/integration/sync-state.js';
import { runSeed } from '../test/simulation/run-seed.js';
import { createSimPair } from '../test/simulation/sim-pair.js';

const [seed = 1, steps = 120] = process.argv.slice(2).map(Number);
const pair = await createSimPair();
const result = await runSeed(pair, seed, { steps, faultRate: 0.1 });
console.log(result.violations.length ? result.violations.join('\n') : `seed ${seed}: no violation`);
const id = /order ([0-9a-f-]{36})/.exec(result.violations[0] ?? '')?.[1];
const name = (code: number | null) => (code === null ? '-' : STATE_NAMES[code as SyncState]);
if (id) {
  console.log('\nedits:');
  for (const e of result.history.edits.filter((x) => x.orderId === id)) console.log(`  step ${e.step} on ${e.side} -> v${e.version}: ${JSON.stringify(e.changed)}`);
  for (const side of ['A', 'B'] as const) {
    const db = pair[side].database.db;
    const record = (await loadRecords(db, pair[side].sync.pick()?.id ?? 1, [id])).get(id);
    console.log(`\n${side}: ${record ? `${name(record.state)} base ${record.base}${record.theirsVersion ? `, theirs v${record.theirsVersion}` : ''}` : 'no record'}`);
    const log = await readLog(db, { orderId: id, page: 1, perPage: 500 });
    for (const e of log.items.reverse()) {
      console.log(`  ${e.direction.padEnd(5)} ${name(e.messageState).padEnd(12)} v${e.version ?? '-'} b${e.base ?? '-'}  ${name(e.stateBefore)} -> ${name(e.stateAfter)}  ${e.outcome}: ${e.detail ?? ''}`);
    }
  }
}
await pair.close();
