import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import type { PreparePolicy } from './prepared-statements.js';

/**
 * PGlite's `query` runs every statement unnamed, as six protocol calls into its WebAssembly backend
 * (Parse, Describe statement, Bind, Describe portal, Execute, Sync), so each run parses the text
 * again. A statement named once is run afterwards in one call (Bind, Describe portal, Execute,
 * Sync), without parsing. PGlite's own code for `query` (its base.ts `#runQuery`) is followed
 * otherwise: the same locks, values serialised by the types PostgreSQL gave for the parameters, the
 * same parsing of results, the same errors, the same write to the file system outside transactions.
 *
 * Which texts are named is prepared-statements.ts's policy, as for postgres.js: texts that come
 * back, a bounded number of them (the backend keeps each for the life of the database), planned
 * as PostgreSQL plans any named statement (prepared-statements.ts).
 */
interface Named {
  name: string;
  /** Parameter types, as the backend described them: values are serialised for these. */
  types: number[];
}

/** What PGlite's own `query` checks and locks (public in its JavaScript, marked internal by the underscore). */
interface PgliteLocks {
  /** Throws once the client is closed (or failed to start). */
  _checkReady(): Promise<void>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
}

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

type Query = <T>(text: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

/**
 * The client as drizzle sees it: `query` (and a transaction's `query`) names what the policy says;
 * everything else, migrations and LISTEN included, is the client's own.
 */
export function preparingPglite(client: PGlite, policy: PreparePolicy): PGlite {
  const locks = client as unknown as PgliteLocks;
  const named = namedOf(client);

  // The stream form, as PGlite's own query: messages parsed as the backend writes them (execProtocol
  // would also copy every byte of the answer into a growing buffer, to return them raw).
  const exec = (message: Uint8Array): Promise<BackendMessage[]> => client.execProtocolStream(message, { syncToFs: false });

  /** Names `text` in the backend, once; the caller holds the query lock. */
  async function prepare(text: string): Promise<Named> {
    const known = named.get(text);
    if (known) return known;
    const name = `drizzle_${named.size + 1}`;
    const messages = await exec(Buffer.concat([protocol.serialize.parse({ name, text }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()]));
    const statement = { name, types: parse.parseDescribeStatementResults(messages) };
    named.set(text, statement);
    return statement;
  }

  /** Runs a named statement; the caller holds the transaction lock or runs inside a transaction. */
  function runNamed<T>(text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return locks._runExclusiveQuery(async () => {
      let messages: BackendMessage[];
      try {
        const statement = await prepare(text);
        const values = params.map((param, i) => {
          if (param === null || param === undefined) return null;
          const type = statement.types[i] ?? 0;
          const serialize = options?.serializers?.[type] ?? client.serializers[type];
          // As PGlite: a type without a serializer takes the value's own text.
          return serialize ? serialize(param) : (param as { toString(): string }).toString();
        });
        messages = await exec(
          Buffer.concat([protocol.serialize.bind({ statement: statement.name, values }), protocol.serialize.describe({ type: 'P' }), protocol.serialize.execute({}), protocol.serialize.sync()]),
        );
      } catch (err) {
        throw annotated(err, text, params, options);
      }
      if (!client.isInTransaction()) await client.syncToFs();
      return parse.parseResults(messages, client.parsers, options)[0] as Results<T>;
    });
  }

  const shouldName = (text: string, params: unknown[] | undefined, options?: QueryOptions): params is unknown[] =>
    // A blob (COPY to or from a file) and fixed parameter types are left to PGlite's own path.
    params !== undefined && params.length > 0 && options?.blob === undefined && options?.paramTypes === undefined && policy.shouldPrepare(text);

  const query: Query = async (text, params, options) => {
    if (!shouldName(text, params, options)) return client.query(text, params, options);
    await locks._checkReady();
    return locks._runExclusiveTransaction(() => runNamed(text, params, options));
  };

  const inTransaction = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, property, receiver) {
        if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
        const txQuery: Query = async (text, params, options) => {
          if (!shouldName(text, params, options)) return target.query(text, params, options);
          if (target.closed) throw new Error('Transaction is closed');
          return runNamed(text, params, options);
        };
        return txQuery;
      },
    });

  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'query') return query;
      if (property === 'transaction') return <T>(callback: (tx: Transaction) => Promise<T>) => target.transaction((tx) => callback(inTransaction(tx)));
      const value = Reflect.get(target, property, receiver) as unknown;
      // PGlite's methods use private fields: called on the proxy they would fail.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The statements a backend holds, by text: one map per client, so two wrappers of the same client
 * (tests make several) neither name a text twice nor reuse a name.
 */
const namedByClient = new WeakMap<PGlite, Map<string, Named>>();
function namedOf(client: PGlite): Map<string, Named> {
  let named = namedByClient.get(client);
  if (!named) namedByClient.set(client, (named = new Map<string, Named>()));
  return named;
}

/** As PGlite annotates its errors (errors.ts, makePGliteError): the statement, its values, the options. */
function annotated(err: unknown, query: string, params: unknown[], queryOptions?: QueryOptions): unknown {
  if (err instanceof Error && 'severity' in err) Object.assign(err, { query, params, queryOptions });
  return err;
}
