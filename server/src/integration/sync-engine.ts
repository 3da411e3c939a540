import { count } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import type { OrderService } from '../orders/order.service.js';
import { ChangeSignal } from '../shared/change-signal.js';
import { backoffDelay } from './backoff.js';
import { applyMessages, type MessageResult } from './inbound.js';
import { syncOrderHooks } from './local-changes.js';
import { createSyncMetrics, type SyncMetrics } from './metrics.js';
import { OUTBOX_CHANNEL, outboxStats, retryNow } from './outbox.js';
import { pullOnce, type PullReport } from './puller.js';
import { RemoteClient } from './remote-client.js';
import { resolveOrder, type ResolutionChoice } from './resolution.js';
import { pushOnce, type PushReport } from './sender.js';
import { loadSettings, saveSettings, SETTINGS_CHANNEL, type SyncSettings } from './settings.js';
import { syncRecords } from './sync.tables.js';
import { pruneLog } from './sync-log.js';
import { STATE_NAMES, type SyncState } from './sync-state.js';
import type { PeerTransport } from './transport.js';

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
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export type SyncRunState = 'running' | 'paused' | 'backing_off' | 'not_configured';

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
  /** False after a failed contact with the peer; the first success after that ends every backoff. */
  private peerReachable = true;
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
    options.orders.addHooks(syncOrderHooks(this.now, () => this.settings.paused));
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
      onSent: (n: number, outcome: string) => this.metrics.sent.inc({ outcome }, n),
    };
  }

  /** Loads the settings; call before start(), or alone to drive the sync by hand (pushOnce/pullOnce). */
  async init(): Promise<void> {
    this.settings = await loadSettings(this.options.database.db, { remoteUrl: this.options.remoteUrl, remoteToken: this.options.remoteToken });
    this.transport = this.makeTransport();
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
      this.peerReachable = false;
      this.health.lastError = report.error;
      this.metrics.failed.inc({ kind: 'push' });
    }
    return report;
  }

  async pullOnce(waitSeconds = 0): Promise<PullReport> {
    if (!this.transport || !this.settings.remoteUrl || this.settings.paused) return { received: 0, hasMore: false };
    const report = await pullOnce(this.deps, this.transport, this.settings.remoteUrl, waitSeconds, this.pullAbort.signal);
    this.health.lastPullAt = this.now();
    this.health.lastError = null;
    await this.peerAnswered();
    if (report.received) this.metrics.received.inc({ outcome: 'pulled', via: 'pull' }, report.received);
    return report;
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
    await saveSettings(this.options.database.db, { paused }, this.now());
    await this.reloadSettings();
  }

  async updateRemote(change: { remoteUrl?: string | null; remoteToken?: string | null }): Promise<void> {
    await saveSettings(this.options.database.db, change, this.now());
    await this.reloadSettings();
  }

  private async reloadSettings(): Promise<void> {
    const before = this.settings;
    this.settings = await loadSettings(this.options.database.db, { remoteUrl: this.options.remoteUrl, remoteToken: this.options.remoteToken });
    if (before.remoteUrl !== this.settings.remoteUrl || before.remoteToken !== this.settings.remoteToken || !this.transport) {
      this.transport = this.makeTransport();
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
    const state: SyncRunState = !this.settings.remoteUrl || !this.settings.remoteToken ? 'not_configured' : this.settings.paused ? 'paused' : backingOff ? 'backing_off' : 'running';
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

  /** The peer is reachable again: whatever waits out a backoff goes now, not in up to 30 s. */
  private async peerAnswered(): Promise<void> {
    if (this.peerReachable) return;
    this.peerReachable = true;
    if ((await retryNow(this.options.database.db, this.now())) > 0) this.wakeSender.notify();
  }

  private kick(): void {
    this.wakeSender.notify();
    this.pullAbort.abort();
    this.pullAbort = new AbortController();
    this.wakePuller.notify();
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
          // The failed entries wait out their own backoff (next_attempt_at); others, and new
          // changes, still go as soon as they are due.
          failures++;
          this.health.pushBackoffUntil = new Date(Date.now() + backoffDelay(failures, () => 1));
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
        this.peerReachable = false;
        const delay = backoffDelay(failures, this.random);
        this.health.pullBackoffUntil = new Date(Date.now() + delay);
        this.health.lastError = (err as Error).message;
        this.metrics.failed.inc({ kind: 'pull' });
        await this.wakePuller.wait(delay);
      }
    }
    await leadership?.release();
  }

  private report(level: 'info' | 'warn' | 'error', message: string): void {
    this.health.lastError = message;
    this.options.log?.(level, message);
  }
}
