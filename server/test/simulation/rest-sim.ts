import { sql } from 'drizzle-orm';
import { createInstance, type Instance } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createRestAdapter } from '../../src/integration/rest/rest-adapter.js';
import { parseRestSettings, type RestSettings } from '../../src/integration/rest/rest-settings.js';
import type { RemoteDefinition } from '../../src/integration/remote-definition.js';
import { shopMapping } from '../support/json-server.js';
import { FakeShop, type ShopOrder } from './fake-shop.js';
import { Rng } from './random.js';
import { VirtualClock } from './sim-pair.js';

export const SHOP = 'shop';

/**
 * The shop's mapping, as in the json-server tests, but with pages of 4 so that a poll round spans
 * several pages and the shop's writes land between them.
 */
export const simShopSettings = { ...shopMapping, paging: { ...shopMapping.paging, limit: 4 } };

export interface RestSim {
  here: Instance;
  shop: FakeShop;
  settings: RestSettings;
  clock: VirtualClock;
  rng: Rng;
  /** What the shop's staff do to one order (set by the run; the shop calls it inside the window too). */
  staffEdit: (order: ShopOrder) => ShopOrder | null;
  /** Empties the database, makes a new empty shop, reseeds the randomness. */
  reset(seed: number): Promise<void>;
  close(): Promise<void>;
}

/** One instance with an in-memory PGlite database and one `rest` remote whose HTTP goes to a FakeShop; made once, reused for every seed. */
export async function createRestSim(): Promise<RestSim> {
  const clock = new VirtualClock();
  const definition: RemoteDefinition = { name: SHOP, kind: 'rest', url: 'http://sim-shop', label: 'Sim shop', settings: simShopSettings };
  const config = loadConfig({
    NODE_ENV: 'test',
    INSTANCE_NAME: 'A',
    DATA_DIR: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'silent',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: 'simulation-password',
    API_TOKENS: 'sim:sim-client-token-A-0000000000000',
  });
  const sim = {} as RestSim;
  const newShop = () => new FakeShop(sim.rng, clock.now, (order) => sim.staffEdit(order));
  sim.rng = new Rng(1);
  sim.clock = clock;
  sim.settings = parseRestSettings(simShopSettings);
  sim.staffEdit = () => null;
  sim.shop = newShop();
  const here = await createInstance(config, {
    logger: false,
    startSync: false,
    sync: {
      now: clock.now,
      random: () => sim.rng.next(),
      remotes: [definition],
      // The real adapter and client; only `fetch` is the in-process shop (looked up per request: each seed has its own).
      adapters: { rest: (d) => createRestAdapter(d, { now: clock.now, fetch: (input, init) => sim.shop.fetch(input, init) }) },
    },
  });
  await here.app.ready();
  await here.sync.init();
  sim.here = here;
  sim.reset = async (seed: number) => {
    // A new runner each seed: nothing (a pull position held in memory) carries over.
    if (here.sync.list().length) await here.sync.removeRemote(SHOP);
    await here.database.db.execute(
      sql`truncate orders, order_lines, sync_records, sync_outbox, sync_log, sync_cursors, sync_remotes restart identity`,
    );
    await here.database.db.execute(sql`alter sequence order_code_seq restart`);
    sim.rng = new Rng(seed);
    sim.shop = newShop();
    await here.sync.init();
  };
  sim.close = () => here.close();
  return sim;
}
