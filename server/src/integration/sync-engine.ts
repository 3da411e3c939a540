import { count, eq, sql } from 'drizzle-orm';
import type { Principal } from '../auth/auth.service.js';
import type { Database } from '../db/connect.js';
import type { Db } from '../db/types.js';
import type { OrderService } from '../orders/order.service.js';
import { AppError, ValidationError } from '../shared/errors.js';
import { ChangeSignal } from '../shared/change-signal.js';
import type { MessageResult } from './inbound.js';
import { syncOrderHooks } from './local-changes.js';
import type { MergePolicy } from './merge-decision.js';
import { createSyncMetrics, type SyncMetrics } from './metrics.js';
import { beingPushed, OUTBOX_CHANNEL, outboxStats, releaseAllLeases } from './outbox.js';
import { createPeerAdapter } from './peer-adapter.js';
import type { PullReport } from './puller.js';
import { checkDefinition } from './remote-checks.js';
import type { RemoteAdapter, RemoteKind } from './remote-adapter.js';
import type { RemoteDefinition } from './remote-definition.js';
import { RemoteRunner, type SyncLogger } from './remote-runner.js';
import { definitionOf, deleteRemote, loadRemotes, lockRemoteDeclarations, REMOTES_CHANNEL, saveRemote, setRemotePaused, type RemoteSource, type StoredRemote } from './remote-store.js';
import { resolveOrder, type ResolutionChoice } from './resolution.js';
import type { PushReport } from './sender.js';
import { syncRecords } from './sync.tables.js';
import { DEFAULT_LONG_POLL_SECONDS } from './long-poll-wait.js';
import { pruneLog } from './sync-log.js';
import { needsResolution, STATE_NAMES, type SyncState } from './sync-state.js';
import type { PeerTransport } from './transport.js';

export type { SyncLogger, SyncRunState } from './remote-runner.js';

/** Builds the adapter of a kind other than peer (rest, vendure); null when the definition lacks what it needs. */
export type AdapterFactory = (definition: RemoteDefinition) => RemoteAdapter | null;

export interface SyncEngineOptions {
  database: Database;
  orders: OrderService;
  /** The one-peer shorthand from the environment (PEER_URL, PEER_TOKEN, PEER_ACCEPT_TOKEN, PEER_NAME): remote `peer`. */
  remoteUrl: string | null;
  remoteToken: string | null;
  acceptToken?: string | null;
  /** Remotes declared in REMOTES_FILE. */
  remotes?: RemoteDefinition[];
  /** Seconds a pull waits for changes on a peer (long poll). */
  longPollSeconds?: number;
  logRetentionMs?: number;
  now?: () => Date;
  random?: () => number;
  /** Replaces the peers' HTTP client (the simulation's fault-injecting transport). */
  transportFactory?: (url: string, token: string) => PeerTransport;
  /** Adapters of the other kinds, by kind. */
  adapters?: Partial<Record<Exclude<RemoteKind, 'peer'>, AdapterFactory>>;
  /** How concurrent changes are merged (default: whenever they do not conflict). */
  mergePolicy?: MergePolicy;
  /** This instance's name, and the shorthand peer's (PEER_NAME), for the log and the admin. */
  names?: { local: string; remote: string };
  /** The server's logger; the engine logs changes of condition (remote lost, back, paused...), never each retry. */
  log?: SyncLogger;
  /** The peers' accept tokens changed (a peer added, changed or removed): the auth service takes them. */
  onPeerTokens?(tokens: { name: string; token: string }[]): void;
}

/** The shorthand remote's name. */
export const SHORTHAND = 'peer';

/**
 * The Integration: wires the hooks into the Orders module and runs one RemoteRunner (sender and
 * puller) per remote. The seed table, versions, outbox, merge and resolution are one engine for every
 * kind of remote; only the adapter differs.
 */
export class SyncEngine {
  readonly metrics: SyncMetrics;
  readonly now: () => Date;
  private readonly random: () => number;
  private runners = new Map<string, RemoteRunner>();
  private running = false;
  private unlisten: (() => Promise<void>)[] = [];
  private pruneTimer: NodeJS.Timeout | null = null;
  private reloading: Promise<void> = Promise.resolve();
  /** A push finished (any remote): a feed holding a page for it re-reads (see OrderService.feed). Never closed. */
  private readonly pushed = new ChangeSignal();
  private presence: { leave(): Promise<void> } | null = null;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    options.orders.addHooks(
      syncOrderHooks(this.now, {
        ids: () => [...this.runners.values()].map((r) => r.id),
        kindOf: (id) => this.byId(id)?.remote.kind ?? null,
        peerOf: (caller: Principal) => {
          const runner = caller.kind === 'peer' ? this.runners.get(caller.name) : undefined;
          return runner ? { id: runner.id, paused: runner.paused } : null;
        },
        // The peer reading our feed is a hint that it is back (resumed or restarted): retry now.
        seen: async (remoteId) => this.byId(remoteId)?.hinted().catch(() => {}),
        delivered: (ms) => this.pushed.wait(ms),
        beingPushed: (remoteId, ids) => beingPushed(options.database.db, remoteId, ids, this.now()),
      }),
    );
    this.metrics = createSyncMetrics(async () => {
      const out = [];
      for (const r of this.runners.values()) {
        const stats = await outboxStats(options.database.db, r.id);
        out.push({ remote: r.name, depth: stats.depth, dead: stats.dead, lagSeconds: stats.oldest ? Math.max(0, (Date.now() - stats.oldest.getTime()) / 1000) : 0 });
      }
      return out;
    });
  }

  /** Declares the remotes of the environment and REMOTES_FILE and builds their runners; call before start(), or alone to drive the sync by hand. */
  async init(): Promise<void> {
    await this.options.database.db.transaction(async (tx) => {
      // Another process starting on this database declares the same remotes: one after the other.
      await lockRemoteDeclarations(tx);
      await this.declareShorthand(tx);
      for (const definition of this.options.remotes ?? []) {
        const problems = checkDefinition(definition, this.kinds());
        if (problems.length) throw ValidationError.field(`remotes.${definition.name}.${problems[0]!.path}`, problems[0]!.message);
        const existing = (await loadRemotes(tx)).find((r) => r.name === definition.name);
        // The file declares; a pause set through the admin stays.
        await this.create(definition, 'file', existing ? { paused: definition.paused ?? existing.paused } : {}, tx);
      }
    });
    await this.rebuild();
  }

  async start(): Promise<void> {
    await this.init();
    // Alone on the database: leases still standing are our previous life's (killed mid-push), not
    // another live sender's, and would hold their entries until they ran out. With other processes
    // running, leases are left to run out: any of them may be a live one.
    const presence = await this.options.database.joinProcesses();
    this.presence = presence;
    if (presence.alone) {
      const released = await releaseAllLeases(this.options.database.db);
      if (released) this.log('info', `took over ${released} outbox lease(s) left by a previous process`);
    }
    this.running = true;
    for (const runner of this.runners.values()) runner.start();
    this.unlisten = [
      await this.options.database.listen(OUTBOX_CHANNEL, () => {
        for (const runner of this.runners.values()) runner.notifyOutbox();
      }),
      // Another process on this database added, changed, paused or removed a remote.
      await this.options.database.listen(REMOTES_CHANNEL, () => void this.reload().catch(() => {})),
    ];
    const retention = this.options.logRetentionMs ?? 7 * 86_400_000;
    this.pruneTimer = setInterval(() => void pruneLog(this.options.database.db, new Date(Date.now() - retention)).catch(() => {}), 3_600_000);
    this.pruneTimer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.reloading;
    await Promise.allSettled([...this.runners.values()].map((r) => r.stop()));
    for (const unlisten of this.unlisten) await unlisten();
    await this.presence?.leave();
    this.presence = null;
  }

  // ---- remotes ----

  /** The remotes, in the order they were added. */
  list(): RemoteRunner[] {
    return [...this.runners.values()];
  }

  /** The remote a call without a name means: the shorthand peer, else the only or first remote. */
  pick(name?: string | null): RemoteRunner | null {
    if (name) {
      const runner = this.runners.get(name);
      if (!runner) throw new AppError('NOT_FOUND', `There is no remote named ${name}`, { field: 'remote', remote: name });
      return runner;
    }
    return this.runners.get(SHORTHAND) ?? this.runners.values().next().value ?? null;
  }

  private byId(id: number): RemoteRunner | undefined {
    return [...this.runners.values()].find((r) => r.id === id);
  }

  /** Adds a remote (GraphQL, the admin). Its name must be new. */
  async addRemote(definition: RemoteDefinition): Promise<RemoteRunner> {
    if (this.runners.has(definition.name)) throw ValidationError.field('name', `a remote named ${definition.name} exists already`);
    this.assertValid(definition);
    await this.create(definition, 'api');
    await this.rebuild();
    this.log('info', `remote ${definition.name} (${definition.kind}) added`, { remote: definition.name });
    return this.pick(definition.name)!;
  }

  /**
   * Replaces a remote's definition. Credentials are bound to the URL they were given for: a new URL
   * without credentials in the same call leaves the remote without any (not configured).
   */
  async replaceRemote(name: string, definition: RemoteDefinition): Promise<RemoteRunner> {
    const runner = this.pick(name)!;
    if (definition.name !== name) throw ValidationError.field('name', 'a remote cannot be renamed; remove it and add it again');
    this.assertValid(definition);
    const before = runner.remote;
    const next = { ...definition };
    if ((definition.url ?? null) !== before.url && !definition.credentials) delete next.credentials;
    if (definition.paused === undefined) next.paused = before.paused;
    await saveRemote(this.options.database.db, next, 'api', this.now());
    await this.rebuild();
    this.logUrlChange(name, before.url, next.url ?? null, Boolean(next.credentials));
    return this.pick(name)!;
  }

  async removeRemote(name: string): Promise<void> {
    const runner = this.pick(name)!;
    await this.options.database.db.transaction((tx) => deleteRemote(tx, runner.id));
    await this.rebuild();
    this.log('info', `remote ${name} removed (its sync records and queue are gone; the orders stay)`, { remote: name });
  }

  get paused(): boolean {
    return this.pick()?.paused ?? false;
  }

  /** Whether the peer calling us (its accept token names it) is paused here. */
  pausedFor(peerName: string | null): boolean {
    return (peerName ? this.runners.get(peerName)?.paused : this.pick()?.paused) ?? false;
  }

  async setPaused(paused: boolean, name?: string | null): Promise<void> {
    const runner = this.pick(name);
    if (!runner) throw new AppError('CONFLICT', 'There is no remote to pause or resume: configure one first', { field: 'remote' });
    const before = runner.paused;
    await setRemotePaused(this.options.database.db, runner.id, paused, this.now());
    if (before !== paused) this.log('info', paused ? `sync with ${runner.name} paused by an admin` : `sync with ${runner.name} resumed by an admin`, { remote: runner.name });
    await this.rebuild();
  }

  /**
   * Re-points a remote or changes its token (updateSyncSettings). A token is bound to the URL it is
   * given for: a new URL without a token in the same call leaves the remote without one, so a token
   * can never be sent to a URL an admin did not give it for. Without any remote, makes the peer.
   */
  async updateRemote(change: { remoteUrl?: string | null; remoteToken?: string | null }, name?: string | null): Promise<void> {
    const runner = this.pick(name);
    const before: RemoteDefinition = runner ? definitionOf(runner.remote) : { name: SHORTHAND, kind: 'peer', label: this.options.names?.remote };
    const next: RemoteDefinition = { ...before, credentials: { ...before.credentials } };
    const urlChanged = change.remoteUrl !== undefined && (change.remoteUrl ?? undefined) !== before.url;
    if (change.remoteUrl !== undefined) next.url = change.remoteUrl ?? undefined;
    if (urlChanged || change.remoteToken !== undefined) next.credentials = { ...next.credentials, token: change.remoteToken ?? undefined };
    // Pointed back at the environment's URL, the environment's token (given for that URL) applies again.
    if (urlChanged && change.remoteToken === undefined && next.name === SHORTHAND && next.url && next.url === this.options.remoteUrl && this.options.remoteToken) {
      next.credentials = { ...next.credentials, token: this.options.remoteToken };
    }
    if (!next.url) delete next.url;
    await saveRemote(this.options.database.db, next, 'api', this.now());
    await this.rebuild();
    if (urlChanged) this.logUrlChange(next.name, before.url ?? null, next.url ?? null, Boolean(next.credentials?.token));
    else if (change.remoteToken !== undefined) this.log('info', `remote token ${change.remoteToken ? 'replaced' : 'cleared'}`, { remote: next.name });
  }

  resolve(orderId: string, choice: ResolutionChoice, name?: string | null) {
    return (async () => {
      const runner = name ? this.pick(name)! : await this.remoteToResolve(orderId);
      return resolveOrder(this.options.orders, runner.id, orderId, choice, this.now);
    })();
  }

  /** Without a name: the remote the order is in collision or error with (the first, if several). */
  private async remoteToResolve(orderId: string): Promise<RemoteRunner> {
    const rows = await this.options.database.db
      .select({ remoteId: syncRecords.remoteId, state: syncRecords.state })
      .from(syncRecords)
      .where(eq(syncRecords.orderId, orderId));
    const blocked = rows.find((r) => needsResolution(r.state as SyncState));
    const runner = blocked ? this.byId(blocked.remoteId) : this.pick();
    if (!runner) throw new AppError('CONFLICT', 'There is no remote this order is in collision with', { field: 'orderId' });
    return runner;
  }

  // ---- driven by hand (tests, simulation) ----

  pushOnce(batchSize?: number, name?: string): Promise<PushReport> {
    return this.pick(name)?.pushOnce(batchSize) ?? Promise.resolve({ sent: 0, failed: 0 });
  }

  pullOnce(waitSeconds = 0, name?: string, limit?: number): Promise<PullReport> {
    return this.pick(name)?.pullOnce(waitSeconds, limit) ?? Promise.resolve({ received: 0, hasMore: false });
  }

  async pullPosition(name?: string) {
    return (await this.pick(name)?.pullPosition()) ?? null;
  }

  /** Messages pushed by a peer (POST {orders}/_sync); `peerName`: the remote its token names. */
  async receive(messages: unknown[], peerName?: string | null): Promise<MessageResult[]> {
    const runner = peerName ? this.runners.get(peerName) : this.pick();
    if (!runner) throw new AppError('FORBIDDEN', 'This token belongs to no remote of this instance');
    return runner.receive(messages);
  }

  async status(name?: string | null) {
    const runner = this.pick(name);
    if (!runner) {
      return {
        name: SHORTHAND,
        kind: 'peer',
        label: this.options.names?.remote ?? SHORTHAND,
        state: 'not_configured' as const,
        remoteUrl: null,
        remoteTokenSet: false,
        lastPushAt: null,
        lastPullAt: null,
        lastError: null,
        outboxDepth: 0,
        deadLetters: 0,
        oldestPendingAt: null,
        sendRatePerSecond: 0,
        etaSeconds: 0,
        ordersByState: [],
      };
    }
    const rows = await this.options.database.db
      .select({ state: syncRecords.state, n: count() })
      .from(syncRecords)
      .where(eq(syncRecords.remoteId, runner.id))
      .groupBy(syncRecords.state);
    return {
      ...(await runner.status()),
      ordersByState: rows.map((r) => ({ state: STATE_NAMES[r.state as SyncState], code: r.state, count: Number(r.n) })),
    };
  }

  // ---- internals ----

  private kinds(): RemoteKind[] {
    return ['peer', ...(Object.keys(this.options.adapters ?? {}) as RemoteKind[])];
  }

  private assertValid(definition: RemoteDefinition): void {
    const problems = checkDefinition(definition, this.kinds());
    if (problems.length) throw ValidationError.field(problems[0]!.path, problems[0]!.message);
  }

  /**
   * PEER_URL and friends: the remote `peer`. The environment keeps it current unless an admin
   * changed it through GraphQL (source `api`), which then wins, as the stored settings always did.
   */
  private async declareShorthand(tx: Db): Promise<void> {
    const { remoteUrl, remoteToken, acceptToken } = this.options;
    const existing = (await loadRemotes(tx)).find((r) => r.name === SHORTHAND);
    if (!remoteUrl && !acceptToken && !existing) return;
    const label = this.options.names?.remote;
    if (existing && existing.source !== 'env') {
      // Only the accept token (how the peer calls us) still comes from the environment.
      if (acceptToken && existing.credentials?.acceptToken !== acceptToken) {
        await saveRemote(tx, { ...definitionOf(existing), credentials: { ...existing.credentials, acceptToken } }, existing.source, this.now());
      }
      return;
    }
    const definition: RemoteDefinition = {
      name: SHORTHAND,
      kind: 'peer',
      ...(remoteUrl ? { url: remoteUrl } : {}),
      credentials: { ...(remoteToken ? { token: remoteToken } : {}), ...(acceptToken ? { acceptToken } : {}) },
      ...(label && label !== SHORTHAND ? { label } : {}),
      paused: existing?.paused ?? false,
    };
    await this.create(definition, 'env', {}, tx);
  }

  /** Saves a definition; a remote new to this database gets every order we hold queued for it. */
  private async create(definition: RemoteDefinition, source: RemoteSource, overrides: Partial<RemoteDefinition> = {}, db: Db = this.options.database.db): Promise<void> {
    await db.transaction(async (tx) => {
      await lockRemoteDeclarations(tx);
      const existed = (await loadRemotes(tx)).some((r) => r.name === definition.name);
      // An admin adds a name that another process has just added (its runners had not heard yet).
      if (existed && source === 'api') throw ValidationError.field('name', `a remote named ${definition.name} exists already`);
      const stored = await saveRemote(tx, { ...definition, ...overrides }, source, this.now());
      if (!existed) {
        const now = this.now().toISOString();
        await tx.execute(
          sql`insert into sync_outbox (remote_id, order_id, seq, enqueued_at, next_attempt_at) select ${stored.id}, id, 1, ${now}::timestamptz, ${now}::timestamptz from orders on conflict do nothing`,
        );
      }
    });
  }

  /** Re-reads the remotes and rebuilds the runners whose definition changed. */
  private reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.rebuild()).catch((err) => this.log('error', `reloading the remotes failed: ${(err as Error).message}`));
    return this.reloading;
  }

  private async rebuild(): Promise<void> {
    const stored = await loadRemotes(this.options.database.db);
    const next = new Map<string, RemoteRunner>();
    for (const remote of stored) {
      const current = this.runners.get(remote.name);
      if (current && current.id === remote.id && sameDefinition(current.remote, remote)) {
        if (current.paused !== remote.paused) {
          current.remote.paused = remote.paused;
          current.kick();
        }
        next.set(remote.name, current);
        continue;
      }
      if (current) await current.stop();
      const runner = new RemoteRunner(remote, this.adapterFor(remote), {
        database: this.options.database,
        orders: this.options.orders,
        metrics: this.metrics,
        now: this.now,
        random: this.random,
        mergePolicy: this.options.mergePolicy,
        localName: this.options.names?.local ?? 'this side',
        longPollSeconds: this.options.longPollSeconds ?? DEFAULT_LONG_POLL_SECONDS,
        otherRemotes: (id) => [...this.runners.values()].filter((r) => r.id !== id).map((r) => r.id),
        onPushed: () => this.pushed.notify(),
        log: this.options.log,
      });
      if (this.running) runner.start();
      next.set(remote.name, runner);
    }
    for (const [name, runner] of this.runners) if (!next.has(name)) await runner.stop();
    this.runners = next;
    this.options.onPeerTokens?.(
      stored.flatMap((r) => (r.kind === 'peer' && r.credentials?.acceptToken ? [{ name: r.name, token: r.credentials.acceptToken }] : [])),
    );
  }

  private adapterFor(remote: StoredRemote): RemoteAdapter | null {
    const definition = definitionOf(remote);
    if (remote.kind === 'peer') return createPeerAdapter(definition, this.options.transportFactory);
    const factory = this.options.adapters?.[remote.kind];
    if (!factory) {
      this.log('error', `remote ${remote.name}: the kind ${remote.kind} is not available in this build`, { remote: remote.name });
      return null;
    }
    try {
      return factory(definition);
    } catch (err) {
      this.log('error', `remote ${remote.name}: ${(err as Error).message}`, { remote: remote.name });
      return null;
    }
  }

  private logUrlChange(name: string, from: string | null, to: string | null, withCredentials: boolean): void {
    if (from === to) return;
    this.log(
      withCredentials ? 'info' : 'warn',
      `remote URL changed from ${from ?? '(none)'} to ${to ?? '(none)'}` +
        (withCredentials ? ' with a token given for it' : '; no token was given for the new URL, so the sync waits for one'),
      { remote: name, from, to },
    );
  }

  private log(level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>): void {
    this.options.log?.(level, message, details);
  }
}

const sameDefinition = (a: StoredRemote, b: StoredRemote) =>
  a.kind === b.kind && a.url === b.url && a.label === b.label && JSON.stringify(a.credentials) === JSON.stringify(b.credentials) && JSON.stringify(a.settings) === JSON.stringify(b.settings);
