import { sql } from 'drizzle-orm';
import { createInstance, type Instance } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { PeerTransport } from '../../src/integration/transport.js';
import { FaultyNetwork, type Side } from './network.js';
import { Rng } from './random.js';

const TOKENS = { A: 'sim-peer-token-accepted-by-a-000000', B: 'sim-peer-token-accepted-by-b-000000' };

/** A virtual clock: backoff and leases follow it, so a run does not depend on the machine's speed. */
export class VirtualClock {
  private t = Date.parse('2026-01-01T00:00:00Z');
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface SimPair {
  A: Instance;
  B: Instance;
  network: FaultyNetwork;
  clock: VirtualClock;
  rng: Rng;
  /** Empties both databases and reseeds the randomness, for the next seed. */
  reset(seed: number): Promise<void>;
  close(): Promise<void>;
}

/** Two instances with in-memory PGlite databases, wired through a FaultyNetwork; made once, reused for every seed. */
export async function createSimPair(): Promise<SimPair> {
  const clock = new VirtualClock();
  const holder: { rng: Rng; network: FaultyNetwork | null } = { rng: new Rng(1), network: null };
  const lateTransport = (side: Side): PeerTransport => ({
    push: (messages) => holder.network!.transport(side).push(messages),
    pull: (since, limit, wait, _signal, full) => holder.network!.transport(side).pull(since, limit, wait, undefined, full),
  });
  const make = async (side: Side) => {
    const other: Side = side === 'A' ? 'B' : 'A';
    const config = loadConfig({
      NODE_ENV: 'test',
      INSTANCE_NAME: side,
      DATA_DIR: 'memory://',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'simulation-password',
      API_TOKENS: `sim:sim-client-token-${side}-0000000000000`,
      PEER_URL: `http://sim-${other.toLowerCase()}/api/orders`,
      PEER_TOKEN: TOKENS[other],
      PEER_ACCEPT_TOKEN: TOKENS[side],
    });
    const instance = await createInstance(config, {
      logger: false,
      startSync: false,
      sync: { now: clock.now, random: () => holder.rng.next(), transportFactory: () => lateTransport(side) },
    });
    await instance.app.ready();
    await instance.sync.init();
    return instance;
  };
  const [A, B] = await Promise.all([make('A'), make('B')]);
  const pair: SimPair = {
    A,
    B,
    clock,
    rng: holder.rng,
    network: new FaultyNetwork(holder.rng, { A: A.app, B: B.app }, TOKENS),
    async reset(seed: number) {
      for (const instance of [A, B]) {
        await instance.database.db.execute(
          sql`truncate orders, order_lines, sync_records, sync_outbox, sync_log, sync_cursors, sync_remotes restart identity`,
        );
        await instance.database.db.execute(sql`alter sequence order_code_seq restart`);
        await instance.sync.init();
      }
      holder.rng = new Rng(seed);
      pair.rng = holder.rng;
      holder.network = new FaultyNetwork(holder.rng, { A: A.app, B: B.app }, TOKENS);
      pair.network = holder.network;
    },
    async close() {
      await Promise.all([A.close(), B.close()]);
    },
  };
  holder.network = pair.network;
  return pair;
}
