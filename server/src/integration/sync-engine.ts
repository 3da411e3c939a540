import { count } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import type { OrderService } from '../orders/order.service.js';
import { ChangeSignal } from '../shared/change-signal.js';
import { backoffDelay } from './backoff.js';
import { applyMessages, type MessageResult } from './inbound.js';
import { syncOrderHooks } from './local-changes.js';
import { createSyncMetrics, type SyncMetrics } from './metrics.js';
import type { MergePolicy } from './merge-decision.js';
import { OUTBOX_CHANNEL, outboxStats, retryNow } from './outbox.js';
import { pullOnce, type PullMemo, type PullReport } from './puller.js';
import { RemoteClient } from './remote-client.js';
import { resolveOrder, type ResolutionChoice } from './resolution.js';
import { pushOnce, type PushReport } from './sender.js';
import { loadPullPosition, loadSettings, saveSettings, SETTINGS_CHANNEL, type PullPosition, type SyncSettings } from './settings.js';
import { syncRecords } from './sync.tables.js';
import { pruneLog } from './sync-log.js';
import { STATE_NAMES, type SyncState } from './sync-state.js';
import { TransportError, type PeerTransport } from './transport.js';

export interface SyncEngineOptions {
  database: Database;
  orders: OrderService;
  /** From the environment; settings stored through GraphQL win. */
  remoteUrl: string | null;
  remoteToken: string | null;
  /** Seconds a pull waits for changes on the peer (long poll). */
  longPollSeconds?: number;
  logRetentionMs?: number;
  now?: () => Date;
  random?: () => number;
  /** Replaces the HTTP client (the simulation's fault-injecting transport). */
  transportFactory?: (url: string, token: string) => PeerTransport;
  /** How concurrent changes are merged (default: whenever they do not conflict). */
  mergePolicy?: MergePolicy;
  /** This instance's name and the peer's, for the log and the admin. */
  names?: { local: string; remote: string };
  /** The server's logger; the engine logs changes of condition (peer lost, back, paused...), never each retry. */
  log?: SyncLogger;
}

export type SyncLogger = (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;

/** `peer_paused`: the peer answers, but an admin paused its sync; we wait, quietly. */
export type SyncRunState = 'running' | 'paused' | 'backing_off' | 'peer_paused' | 'not_configured';

/** How the peer looked at the last contact; a change of it is logged once. */
type PeerCondition = 'reachable' | 'unreachable' | 'paused';

const PULL_LEADER_KEY = 7_340_022;

/**
 * The Integration: wires the hooks into the Orders module and runs the two loops, the sender
 * (push, at once on every committed change) and the puller (long-polls the peer's change feed).
 */
export class SyncEngine {
  readonly metrics: SyncMetrics;
  private settings: SyncSettings = { remoteUrl: null, remoteToken: null, paused: false };
  private transport: PeerTransport | null = null;
  private readonly wakeSender = new ChangeSignal();
  private readonly wakePuller = new ChangeSignal();
  private pullAbort = new AbortController();
  private running = false;
  private loops: Promise<void>[] = [];
  private unlisten: (() => Promise<void>)[] = [];
  private pruneTimer: NodeJS.Timeout | null = null;
  readonly now: () => Date;
  private readonly random: () => number;
  /** Anything other than `reachable` after a failed contact; the first sign of the peer after that ends every backoff. */
  private peerCondition: PeerCondition = 'reachable';
  /** The pull position when it is ahead of the saved one (see PullMemo). */
  private readonly pullMemo: PullMemo = {};
  /** Wakes both loops out of their failure backoff when the peer shows up again. */
  private readonly peerBack = new ChangeSignal();
  private health = {
    lastPushAt: null as Date | null,
    lastPullAt: null as Date | null,
    lastError: null as string | null,
    pushBackoffUntil: null as Date | null,
    pullBackoffUntil: null as Date | null,
  };

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    options.orders.addHooks(
      syncOrderHooks(
        this.now,
        () => this.settings.paused,
        // The peer reading our feed is a hint that it is back (resumed or restarted): retry now.
        () => void this.peerHinted().catch(() => {}),
      ),
    );
    this.metrics = createSyncMetrics(async () => {
      const stats = await outboxStats(options.database.db);
      return { depth: stats.depth, dead: stats.dead, lagSeconds: stats.oldest ? Math.max(0, (Date.now() - stats.oldest.getTime()) / 1000) : 0 };
    });
  }

  private get deps() {
    return {
      db: this.options.database.db,
      orders: this.options.orders,
      now: this.now,
      random: this.random,
      mergePolicy: this.options.mergePolicy,
      names: this.options.names,
      onSent: (n: number, outcome: string) => this.metrics.sent.inc({ outcome }, n),
    };
  }

  /** Loads the settings; call before start(), or alone to drive the sync by hand (pushOnce/pullOnce). */
  async init(): Promise<void> {
    this.settings = await loadSettings(this.options.database.db, this.envRemote);
    this.transport = this.makeTransport();
    // The saved pull position is the truth at start (the database may have been reset or replaced).
    delete this.pullMemo.remoteUrl;
    delete this.pullMemo.position;
  }

  async start(): Promise<void> {
    await this.init();
    this.running = true;
    this.unlisten = [
      await this.options.database.listen(OUTBOX_CHANNEL, () => this.wakeSender.notify()),
      // Another process on this database paused, resumed or re-pointed the sync.
      await this.options.database.listen(SETTINGS_CHANNEL, () => void this.reloadSettings().catch(() => {})),
    ];
    this.loops = [this.senderLoop(), this.pullerLoop()];
    const retention = this.options.logRetentionMs ?? 7 * 86_400_000;
    this.pruneTimer = setInterval(() => void pruneLog(this.options.database.db, new Date(Date.now() - retention)).catch(() => {}), 3_600_000);
    this.pruneTimer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.wakeSender.close();
    this.wakePuller.close();
    this.peerBack.close();
    this.pullAbort.abort();
    await Promise.allSettled(this.loops);
    for (const unlisten of this.unlisten) await unlisten();
  }

  // ---- driven by hand (tests, simulation) or by the loops ----

  async pushOnce(batchSize?: number): Promise<PushReport> {
    if (!this.transport || this.settings.paused) return { sent: 0, failed: 0 };
    const report = await pushOnce(this.deps, this.transport, batchSize);
    if (report.sent) {
      this.health.lastPushAt = this.now();
      this.health.lastError = null;
      await this.peerAnswered();
    }
    if (report.error) {
      this.peerFailed(report.error, report.peerPaused === true);
      if (!report.peerPaused) this.metrics.failed.inc({ kind: 'push' });
    }
    if (report.dead) this.log('error', `${report.dead} message(s) parked as dead letters: ${report.deadReason ?? 'refused by the peer'}`, { deadLetters: report.dead });
    return report;
  }

  async pullOnce(waitSeconds = 0): Promise<PullReport> {
    if (!this.transport || !this.settings.remoteUrl || this.settings.paused) return { received: 0, hasMore: false };
    const report = await pullOnce(this.deps, this.transport, this.settings.remoteUrl, waitSeconds, this.pullAbort.signal, this.pullMemo);
    this.health.lastPullAt = this.now();
    this.health.lastError = null;
    await this.peerAnswered();
    if (report.received) this.metrics.received.inc({ outcome: 'pulled', via: 'pull' }, report.received);
    return report;
  }

  /** Where the puller is in the peer's feed (ahead of the saved position when it skipped what we hold). */
  async pullPosition(): Promise<PullPosition | null> {
    const url = this.settings.remoteUrl;
    if (!url) return null;
    if (this.pullMemo.remoteUrl === url && this.pullMemo.position) return this.pullMemo.position;
    return loadPullPosition(this.options.database.db, url);
  }

  /** Messages pushed by the peer (POST {orders}/_sync). */
  async receive(messages: unknown[]): Promise<MessageResult[]> {
    await this.peerAnswered();
    const results = await applyMessages(this.deps, messages, 'request');
    for (const r of results) this.metrics.received.inc({ outcome: r.outcome, via: 'push' });
    return results;
  }

  get paused(): boolean {
    return this.settings.paused;
  }

  async setPaused(paused: boolean): Promise<void> {
    const before = await saveSettings(this.options.database.db, { paused }, this.envRemote, this.now());
    if (before.paused !== paused) this.log('info', paused ? 'sync paused by an admin' : 'sync resumed by an admin');
    await this.reloadSettings();
  }

  /**
   * Re-points the sync or changes its token. A token is bound to the URL it is given for: a new URL
   * without a token in the same call leaves the sync without one (not_configured), so the peer token
   * can never be sent to a URL an admin did not give it for.
   */
  async updateRemote(change: { remoteUrl?: string | null; remoteToken?: string | null }): Promise<void> {
    const before = await saveSettings(this.options.database.db, change, this.envRemote, this.now());
    await this.reloadSettings();
    const after = this.settings;
    if (before.remoteUrl !== after.remoteUrl) {
      this.log(after.remoteToken ? 'info' : 'warn', `remote URL changed from ${before.remoteUrl ?? '(none)'} to ${after.remoteUrl ?? '(none)'}` +
        (after.remoteToken ? ' with a token given for it' : '; no token was given for the new URL, so the sync waits for one'), {
        from: before.remoteUrl,
        to: after.remoteUrl,
      });
    } else if (change.remoteToken !== undefined) {
      this.log('info', `remote token ${change.remoteToken ? 'replaced' : 'cleared'}`);
    }
  }

  private get envRemote() {
    return { remoteUrl: this.options.remoteUrl, remoteToken: this.options.remoteToken };
  }

  private async reloadSettings(): Promise<void> {
    const before = this.settings;
    this.settings = await loadSettings(this.options.database.db, this.envRemote);
    if (before.remoteUrl !== this.settings.remoteUrl || before.remoteToken !== this.settings.remoteToken || !this.transport) {
      this.transport = this.makeTransport();
      this.peerCondition = 'reachable';
    }
    this.kick();
  }

  resolve(orderId: string, choice: ResolutionChoice) {
    return resolveOrder(this.options.orders, orderId, choice, this.now);
  }

  async status() {
    const db = this.options.database.db;
    const stats = await outboxStats(db);
    const rows = await db.select({ state: syncRecords.state, n: count() }).from(syncRecords).groupBy(syncRecords.state);
    const now = this.now();
    const backingOff =
      (this.health.pushBackoffUntil !== null && this.health.pushBackoffUntil > now) ||
      (this.health.pullBackoffUntil !== null && this.health.pullBackoffUntil > now);
    const state: SyncRunState =
      !this.settings.remoteUrl || !this.settings.remoteToken
        ? 'not_configured'
        : this.settings.paused
          ? 'paused'
          : this.peerCondition === 'paused'
            ? 'peer_paused'
            : backingOff
              ? 'backing_off'
              : 'running';
    return {
      state,
      remoteUrl: this.settings.remoteUrl,
      remoteTokenSet: Boolean(this.settings.remoteToken),
      lastPushAt: this.health.lastPushAt,
      lastPullAt: this.health.lastPullAt,
      lastError: this.health.lastError,
      outboxDepth: stats.depth,
      deadLetters: stats.dead,
      oldestPendingAt: stats.oldest,
      ordersByState: rows.map((r) => ({ state: STATE_NAMES[r.state as SyncState], code: r.state, count: Number(r.n) })),
    };
  }

  // ---- loops ----

  /** The peer showed up (answered, pushed to us, or read our feed): whatever waits out a backoff goes now, not in up to 30 s. */
  private async peerAnswered(): Promise<void> {
    if (this.peerCondition === 'reachable') return;
    const was = this.peerCondition;
    this.peerCondition = 'reachable';
    this.log('info', was === 'paused' ? 'the peer resumed its sync' : 'the peer is reachable again');
    await retryNow(this.options.database.db, this.now());
    this.wakeSender.notify();
    this.peerBack.notify();
  }

  /**
   * The peer read our feed while we took it for down or paused. Not proof (the read may have begun
   * just before it paused), so it only ends the backoff: the retry that follows tells.
   */
  private async peerHinted(): Promise<void> {
    if (this.peerCondition === 'reachable') return;
    await retryNow(this.options.database.db, this.now());
    this.wakeSender.notify();
    this.peerBack.notify();
  }

  /** A failed contact; logged when the peer's condition changes, not at every retry. */
  private peerFailed(reason: string, paused: boolean): void {
    const next: PeerCondition = paused ? 'paused' : 'unreachable';
    if (!paused) this.health.lastError = reason;
    if (next === this.peerCondition) return;
    this.peerCondition = next;
    if (paused) this.log('info', 'the peer has paused its sync; our changes wait until it resumes');
    else this.log('warn', `the peer is unreachable: ${reason}`, { remoteUrl: this.settings.remoteUrl });
  }

  private log(level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>): void {
    this.options.log?.(level, message, details);
  }

  private kick(): void {
    this.wakeSender.notify();
    this.pullAbort.abort();
    this.pullAbort = new AbortController();
    this.wakePuller.notify();
    this.peerBack.notify();
  }

  private makeTransport(): PeerTransport | null {
    const { remoteUrl, remoteToken } = this.settings;
    if (!remoteUrl || !remoteToken) return null;
    return this.options.transportFactory?.(remoteUrl, remoteToken) ?? new RemoteClient(remoteUrl, remoteToken);
  }

  private async senderLoop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      if (!this.transport || this.settings.paused) {
        await this.wakeSender.wait(60_000);
        continue;
      }
      try {
        const report = await this.pushOnce();
        if (report.error) {
          // The peer is down or paused: back off as a whole (new changes do not make us knock
          // again), until the backoff ends or the peer shows up (peerAnswered).
          failures++;
          const delay = backoffDelay(failures, this.random);
          this.health.pushBackoffUntil = new Date(Date.now() + delay);
          await this.peerBack.wait(delay);
          continue;
        }
        failures = 0;
        this.health.pushBackoffUntil = null;
        if (report.sent + report.failed > 0) continue; // drain the backlog
        const { nextDue, depth } = await outboxStats(this.options.database.db);
        // Nothing due: sleep until the next retry is due or a commit wakes us (NOTIFY).
        const wait = depth && nextDue ? Math.max(50, nextDue.getTime() - Date.now()) : 60_000;
        await this.wakeSender.wait(Math.min(wait, 60_000));
      } catch (err) {
        this.report('error', `sender: ${(err as Error).message}`);
        await this.wakeSender.wait(1_000);
      }
    }
  }

  private async pullerLoop(): Promise<void> {
    let failures = 0;
    let leadership: { release(): Promise<void> } | null = null;
    const longPoll = this.options.longPollSeconds ?? 25;
    while (this.running) {
      if (!this.transport || this.settings.paused) {
        await this.wakePuller.wait(60_000);
        continue;
      }
      try {
        // Several processes on one database: one of them pulls, the others stand by.
        leadership ??= await this.options.database.tryLeadership(PULL_LEADER_KEY);
        if (!leadership) {
          await this.wakePuller.wait(30_000);
          continue;
        }
        const report = await this.pullOnce(failures === 0 ? longPoll : 0);
        failures = 0;
        this.health.pullBackoffUntil = null;
        if (report.received === 0 && !report.hasMore && !this.running) break;
      } catch (err) {
        if (!this.running) break;
        if ((err as Error).name === 'AbortError' || this.pullAbort.signal.aborted) continue;
        failures++;
        const paused = err instanceof TransportError && err.peerPaused;
        this.peerFailed((err as Error).message, paused);
        if (!paused) this.metrics.failed.inc({ kind: 'pull' });
        const delay = backoffDelay(failures, this.random);
        this.health.pullBackoffUntil = new Date(Date.now() + delay);
        // A push from the peer, or our own push getting through, ends the wait.
        await this.peerBack.wait(delay);
      }
    }
    await leadership?.release();
  }

  private report(level: 'info' | 'warn' | 'error', message: string): void {
    this.health.lastError = message;
    this.log(level, message);
  }
}
