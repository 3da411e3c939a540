import type postgres from 'postgres';

/**
 * drizzle sends every statement unnamed (postgres.js `prepare: false`), and for an unnamed statement
 * with parameters postgres.js first asks PostgreSQL for their types (Parse, Describe, Flush) and
 * only then binds and runs it: two round trips per statement. A named statement, prepared once per
 * connection and kept by postgres.js, takes one. Measured on the 2-core machine with postgres.js
 * and one connection: 136-173 µs per unnamed `select $1::int` against 76-91 µs named; a create
 * runs 5 statements and an update delivered to a peer about 18.
 *
 * postgres.js keeps a connection's named statements for the connection's life, and PostgreSQL
 * keeps each in the connection's memory, so only statements whose text comes back are named, and
 * a bounded number of them: almost every statement of this server has a fixed text (lists travel
 * as one array parameter, statements.ts), and what is built for one occasion stays unnamed.
 *
 * A named statement is planned as PostgreSQL plans any (`plan_cache_mode = auto`, its default,
 * on both drivers): for its values the first five runs, then with one generic plan kept for all
 * values when that plan's estimated cost is no higher, which saves the planning of each run. A
 * statement whose best plan depends on its values carries PLANNED_PER_RUN and is never named.
 * A transaction pooler (PgBouncer in transaction mode) was never supported: the sync holds
 * session-level advisory locks and LISTENs.
 */
export interface PreparePolicy {
  /** Whether to name (prepare) this text; called once per execution. */
  shouldPrepare(text: string): boolean;
}

/**
 * Marks a text to be planned for each run's own values: it stays unnamed, and PostgreSQL plans an
 * unnamed statement with the values it is given. The admin's search is one: `ilike '%...%'` over
 * the trigram indexes. On 100,000 orders (PostgreSQL 15, 2 cores) its page takes 0.1-1.3 ms for a
 * rare pattern planned with its value, and 100-210 ms with a generic plan, which walks the orders
 * backwards by date and filters each; under `auto`, five searches for a common pattern ("e") were
 * enough for PostgreSQL to keep the generic plan.
 */
export const PLANNED_PER_RUN = '/* planned per run */';

/** At most this many distinct texts are named, per process (and so per connection). */
export const MAX_PREPARED_TEXTS = 200;
/** Texts seen once are remembered up to this many; then forgotten all together. */
const MAX_TEXTS_SEEN = 5_000;

/** Names a text from its second execution on (a one-off stays unnamed), up to `max` texts (pure bookkeeping, no I/O). */
export function repeatedTextsPolicy(max = MAX_PREPARED_TEXTS): PreparePolicy & { preparedCount(): number } {
  const prepared = new Set<string>();
  const seenOnce = new Set<string>();
  return {
    shouldPrepare(text) {
      if (text.includes(PLANNED_PER_RUN)) return false;
      if (prepared.has(text)) return true;
      if (prepared.size >= max) return false;
      if (seenOnce.delete(text)) {
        prepared.add(text);
        return true;
      }
      if (seenOnce.size >= MAX_TEXTS_SEEN) seenOnce.clear();
      seenOnce.add(text);
      return false;
    },
    preparedCount: () => prepared.size,
  };
}

type UnsafeOptions = { prepare?: boolean } & Record<string, unknown>;
type Callback = (sql: postgres.TransactionSql) => unknown;

/**
 * The client as drizzle sees it: the same client, whose `unsafe` (every drizzle statement) prepares
 * what the policy says, inside transactions and savepoints too. Everything else is the client's own.
 */
export function preparingClient<T extends postgres.Sql | postgres.TransactionSql>(client: T, policy: PreparePolicy): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'unsafe') {
        // Without parameters postgres.js sends the text as a simple query, one round trip already:
        // such texts take no place among those named.
        return (text: string, params?: unknown[], options: UnsafeOptions = {}) =>
          target.unsafe(text, params as never, { ...options, prepare: params !== undefined && params.length > 0 && policy.shouldPrepare(text) });
      }
      if (property === 'begin' || property === 'savepoint') {
        // (cb) or (options or name, cb): the callback is always last.
        return (...args: unknown[]) => {
          const callback = args.pop() as Callback;
          const wrapped: Callback = (tx) => callback(preparingClient(tx, policy));
          return (value as (...a: unknown[]) => unknown).apply(target, [...args, wrapped]);
        };
      }
      return value;
    },
  });
}
