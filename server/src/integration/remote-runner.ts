import type { Database } from '../db/connect.js';
import type { OrderService } from '../orders/order.service.js';
import { ChangeSignal } from '../shared/change-signal.js';
import { backoffDelay } from './backoff.js';
import { loadCursor, type PullPosition } from './cursors.js';
import { LongPollWait } from './long-poll-wait.js';
import { applyMessages, type MessageResult } from './inbound.js';
import type { MergePolicy } from './merge-decision.js';
import { outboxStats, retryNow } from './outbox.js';
import { pullOnce, type PullMemo, type PullReport } from './puller.js';
import type { RemoteAdapter } from './remote-adapter.js';
import type { StoredRemote } from './remote-store.js';
import { PUSH_BATCH, pushOnce, type PushReport } from './sender.js';
import type { SyncMetrics } from './metrics.js';
import { TransportError } from './transport.js';

export type SyncLogger = (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;

/** `peer_paused`: the remote answers, but an admin paused its sync; we wait, quietly. */
export type SyncRunState = 'running' | 'paused' | 'backing_off' | 'peer_paused' | 'not_configured';

/** How the remote looked at the last contact; a change of it is logged once. */
type RemoteCondition = 'reachable' | 'unreachable' | 'paused';

/** Pull leadership per remote: one process on a database pulls from a remote, the others stand by. */
const PULL_LEADER_BASE = 7_340_022;

export interface RunnerDeps {
  database: Database;
  orders: OrderService;
  metrics: SyncMetrics;
  now: () => Date;
  random: () => number;
  mergePolicy?: MergePolicy;
  localName: string;
  longPollSeconds: number;
  /** Every other remote (the relay's targets). */
  otherRemotes(remoteId: number): number[];
  /** A push finished, delivered or not (a feed may be waiting for it). */
  onPushed?(): void;
  log?: SyncLogger;
}

/**
 * One remote's sync: the sender (push, at once on every committed change) and the puller (long-polls
 * a peer's feed, polls other kinds), with their backoff, pause and health. The engine runs one per remote.
 */
export class RemoteRunner {
  private readonly wakeSender = new ChangeSignal();
  private readonly wakePuller = new ChangeSignal();
  private pullAbort = new AbortController();
  private running = false;
  private loops: Promise<void>[] = [];
  private condition: RemoteCondition = 'reachable';
  /** The pull position when it is ahead of the saved one (see PullMemo). */
  private readonly pullMemo: PullMemo = {};
  /** Wakes both loops out of their failure backoff when the remote shows up again. */
  private readonly remoteBack = new ChangeSignal();
  /**
   * A polling remote (rest, vendure) is read and written one step at a time: a listing read before
   * our write and applied after its acknowledgement would look like the remote's change and undo
   * ours (a Vendure order passing through Shipped on its way to Delivered, a REST order read just
   * before our PUT). A peer long-polls its feed concurrently: its messages carry versions.
   */
  private exclusive: Promise<unknown> = Promise.resolve();
  /** Messages delivered in the last minute, for the rate and the time left of a catch-up. */
  private readonly sentTimes: { at: number; n: number }[] = [];
  private health = {
    lastPushAt: null as Date | null,
    lastPullAt: null as Date | null,
    lastError: null as string | null,
    pushBackoffUntil: null as Date | null,
    pullBackoffUntil: null as Date | null,
  };

  /** How long the long polls of a peer's feed wait (shorter once something between us cuts them). */
  private readonly pollWait: LongPollWait;

  constructor(
    readonly remote: StoredRemote,
    readonly adapter: RemoteAdapter | null,
    private readonly deps: RunnerDeps,
  ) {
    this.pollWait = new LongPollWait(deps.longPollSeconds);
  }

  get id(): number {
    return this.remote.id;
  }

  get name(): string {
    return this.remote.name;
  }

  get paused(): boolean {
    return this.remote.paused;
  }

  private get inbound() {
    const d = this.deps;
    return {
      db: d.database.db,
      orders: d.orders,
      now: d.now,
      random: d.random,
      mergePolicy: d.mergePolicy,
      remoteId: this.remote.id,
      relayTo: () => d.otherRemotes(this.remote.id),
      names: { local: d.localName, remote: this.remote.label ?? this.remote.name },
      onSent: (n: number, outcome: string) => {
        d.metrics.sent.inc({ remote: this.remote.name, outcome }, n);
        if (outcome === 'delivered') this.sentTimes.push({ at: Date.now(), n });
      },
    };
  }

  start(): void {
    this.running = true;
    this.loops = [this.senderLoop(), this.pullerLoop()];
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeSender.close();
    this.wakePuller.close();
    this.remoteBack.close();
    this.pullAbort.abort();
    await Promise.allSettled(this.loops);
    await this.adapter?.close?.();
  }

  /** A commit queued something (NOTIFY): the sender looks. */
  notifyOutbox(): void {
    this.wakeSender.notify();
  }

  // ---- driven by hand (tests, simulation) or by the loops ----

  /** Runs `step` alone for a polling remote (see `exclusive`), at once for a peer. */
  private serial<T>(step: () => Promise<T>): Promise<T> {
    if (this.adapter?.idlePollMs == null) return step();
    const run = this.exclusive.then(step, step);
    this.exclusive = run.catch(() => {});
    return run;
  }

  async pushOnce(batchSize?: number): Promise<PushReport> {
    const adapter = this.adapter;
    if (!adapter || this.remote.paused) return { sent: 0, failed: 0 };
    const report = await this.serial(() => pushOnce(this.inbound, adapter, batchSize));
    if (report.sent + report.failed > 0) this.deps.onPushed?.();
    if (report.sent) {
      this.health.lastPushAt = this.deps.now();
      this.health.lastError = null;
      await this.remoteAnswered();
    }
    if (report.error) {
      this.remoteFailed(report.error, report.peerPaused === true);
      if (!report.peerPaused) this.deps.metrics.failed.inc({ remote: this.remote.name, kind: 'push' });
    }
    if (report.dead) this.log('error', `${report.dead} message(s) parked as dead letters: ${report.deadReason ?? 'refused by the remote'}`, { deadLetters: report.dead });
    return report;
  }

  /** `limit`: orders per page (tests read short pages). */
  async pullOnce(waitSeconds = 0, limit?: number): Promise<PullReport> {
    const adapter = this.adapter;
    if (!adapter || this.remote.paused) return { received: 0, hasMore: false };
    const report = await this.serial(() => pullOnce(this.inbound, adapter, waitSeconds, this.pullAbort.signal, this.pullMemo, limit));
    this.health.lastPullAt = this.deps.now();
    this.health.lastError = null;
    await this.remoteAnswered();
    if (report.received) this.deps.metrics.received.inc({ remote: this.remote.name, outcome: 'pulled', via: 'pull' }, report.received);
    return report;
  }

  /** Where the puller is in the remote's changes (ahead of the saved position when it skipped what we hold). */
  async pullPosition(): Promise<PullPosition> {
    return this.pullMemo.position ?? loadCursor(this.deps.database.db, this.remote.id);
  }

  /** Messages pushed by a peer (POST {orders}/_sync). */
  async receive(messages: unknown[]): Promise<MessageResult[]> {
    await this.remoteAnswered();
    const results = await applyMessages(this.inbound, messages, 'request');
    for (const r of results) this.deps.metrics.received.inc({ remote: this.remote.name, outcome: r.outcome, via: 'push' });
    return results;
  }

  /** The peer read our feed while we took it for down or paused: not proof, so it only ends the backoff. */
  async hinted(): Promise<void> {
    if (this.condition === 'reachable') return;
    await retryNow(this.deps.database.db, this.remote.id, this.deps.now());
    this.wakeSender.notify();
    this.remoteBack.notify();
  }

  async status() {
    const stats = await outboxStats(this.deps.database.db, this.remote.id);
    const now = this.deps.now();
    // Nothing left to send is nothing to back off with (the remote may have taken it all by pulling).
    const backingOff =
      (this.health.pushBackoffUntil !== null && this.health.pushBackoffUntil > now && stats.depth > 0) ||
      (this.health.pullBackoffUntil !== null && this.health.pullBackoffUntil > now);
    const state: SyncRunState = !this.adapter
      ? 'not_configured'
      : this.remote.paused
        ? 'paused'
        : this.condition === 'paused'
          ? 'peer_paused'
          : backingOff
            ? 'backing_off'
            : 'running';
    const cutoff = Date.now() - 60_000;
    while (this.sentTimes.length && this.sentTimes[0]!.at < cutoff) this.sentTimes.shift();
    const sentLastMinute = this.sentTimes.reduce((sum, s) => sum + s.n, 0);
    const window = this.sentTimes.length ? Math.max(1, (Date.now() - this.sentTimes[0]!.at) / 1000) : 60;
    const rate = sentLastMinute / window;
    return {
      name: this.remote.name,
      kind: this.remote.kind,
      label: this.remote.label ?? this.remote.name,
      state,
      remoteUrl: this.remote.url,
      remoteTokenSet: Boolean(this.remote.credentials?.token || this.remote.credentials?.password),
      lastPushAt: this.health.lastPushAt,
      lastPullAt: this.health.lastPullAt,
      lastError: this.health.lastError,
      outboxDepth: stats.depth,
      deadLetters: stats.dead,
      oldestPendingAt: stats.oldest,
      sendRatePerSecond: Math.round(rate * 10) / 10,
      etaSeconds: stats.depth === 0 ? 0 : rate > 0 ? Math.ceil(stats.depth / rate) : null,
    };
  }

  /** The pause or the definition changed (another process, an admin): wake everything up. */
  kick(): void {
    this.condition = 'reachable';
    this.wakeSender.notify();
    this.pullAbort.abort();
    this.pullAbort = new AbortController();
    this.wakePuller.notify();
    this.remoteBack.notify();
  }

  // ---- loops ----

  /** The remote showed up (answered, pushed to us, or read our feed): whatever waits out a backoff goes now. */
  private async remoteAnswered(): Promise<void> {
    if (this.condition === 'reachable') return;
    const was = this.condition;
    this.condition = 'reachable';
    // Both loops are woken below: neither is backing off any more.
    this.health.pushBackoffUntil = null;
    this.health.pullBackoffUntil = null;
    this.log('info', was === 'paused' ? `${this.describe()} resumed its sync` : `${this.describe()} is reachable again`);
    await retryNow(this.deps.database.db, this.remote.id, this.deps.now());
    this.wakeSender.notify();
    this.remoteBack.notify();
  }

  /** A failed contact; logged when the remote's condition changes, not at every retry. */
  private remoteFailed(reason: string, paused: boolean): void {
    const next: RemoteCondition = paused ? 'paused' : 'unreachable';
    if (!paused) this.health.lastError = reason;
    if (next === this.condition) return;
    this.condition = next;
    if (paused) this.log('info', `${this.describe()} has paused its sync; our changes wait until it resumes`);
    else this.log('warn', `${this.describe()} is unreachable: ${reason}`, { remoteUrl: this.remote.url });
  }

  private describe(): string {
    return this.remote.kind === 'peer' ? `the peer ${this.remote.label ?? this.remote.name}` : `the remote ${this.remote.label ?? this.remote.name}`;
  }

  private log(level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>): void {
    this.deps.log?.(level, message, { remote: this.remote.name, ...details });
  }

  private async senderLoop(): Promise<void> {
    let failures = 0;
    let backlog = false;
    while (this.running) {
      if (!this.adapter || this.remote.paused) {
        await this.wakeSender.wait(60_000);
        continue;
      }
      try {
        const report: PushReport = backlog ? await this.pushTwo() : await this.pushOnce();
        // A full batch means more is waiting: the next round keeps two batches under way.
        backlog = !report.error && report.sent + report.failed >= PUSH_BATCH;
        if (report.error) {
          // The remote is down or paused: back off as a whole (new changes do not make us knock
          // again), until the backoff ends or the remote shows up (remoteAnswered).
          failures++;
          const delay = backoffDelay(failures, this.deps.random);
          this.health.pushBackoffUntil = new Date(Date.now() + delay);
          await this.remoteBack.wait(delay);
          continue;
        }
        failures = 0;
        this.health.pushBackoffUntil = null;
        if (report.sent + report.failed > 0) continue; // drain the backlog
        const { nextDue, depth } = await outboxStats(this.deps.database.db, this.remote.id);
        // Nothing due: sleep until the next retry is due or a commit wakes us (NOTIFY).
        const wait = depth && nextDue ? Math.max(50, nextDue.getTime() - Date.now()) : 60_000;
        await this.wakeSender.wait(Math.min(wait, 60_000));
      } catch (err) {
        this.report('error', `sender: ${(err as Error).message}`);
        await this.wakeSender.wait(1_000);
      }
    }
  }

  /**
   * Two batches at once, each leased on its own (a second claim skips what the first leased), so a
   * backlog drains as a pipeline: one batch is read, sent or acknowledged here while the remote
   * applies the other, instead of each side waiting for the other in turn. A polling remote's
   * steps stay one at a time (serial()).
   */
  private async pushTwo(): Promise<PushReport> {
    const [a, b] = await Promise.all([this.pushOnce(), this.pushOnce()]);
    const failed = a.error ? a : b.error ? b : null;
    return {
      sent: a.sent + b.sent,
      failed: a.failed + b.failed,
      ...(failed ? { error: failed.error, peerPaused: failed.peerPaused } : {}),
      ...(a.dead || b.dead ? { dead: (a.dead ?? 0) + (b.dead ?? 0), deadReason: a.deadReason ?? b.deadReason } : {}),
    };
  }

  private async pullerLoop(): Promise<void> {
    let failures = 0;
    let idleRounds = 0;
    let leadership: { release(): Promise<void> } | null = null;
    while (this.running) {
      if (!this.adapter || this.remote.paused) {
        await this.wakePuller.wait(60_000);
        continue;
      }
      let asked = 0;
      let started = 0;
      try {
        // Several processes on one database: one of them pulls, the others stand by.
        leadership ??= await this.deps.database.tryLeadership(PULL_LEADER_BASE + this.remote.id);
        if (!leadership) {
          await this.wakePuller.wait(30_000);
          continue;
        }
        // A remote that polls (rest, vendure) has no long poll: the wait means nothing to it.
        asked = failures === 0 && this.adapter.idlePollMs === null ? this.pollWait.seconds(Date.now()) : 0;
        started = Date.now();
        const report = await this.pullOnce(asked);
        this.pollWait.answered();
        failures = 0;
        this.health.pullBackoffUntil = null;
        const idle = this.adapter.idlePollMs;
        if (idle !== null && !report.hasMore) {
          // A remote without a long poll: poll at its interval, slower while nothing changes (up to 8×).
          idleRounds = report.received ? 0 : Math.min(idleRounds + 1, 3);
          await this.wakePuller.wait(idle * 2 ** idleRounds);
        }
      } catch (err) {
        if (!this.running) break;
        if ((err as Error).name === 'AbortError' || this.pullAbort.signal.aborted) continue;
        if (asked > 0) {
          const now = Date.now();
          const lasted = (now - started) / 1000;
          const verdict = this.pollWait.failed(asked, lasted, now);
          if (verdict === 'cut') {
            this.log('warn', `long polls of ${this.describe()} are cut after about ${Math.round(lasted)} s (a proxy's limit?): they wait ${this.pollWait.seconds(now)} s from now on, ${this.pollWait.configured} s again in an hour`);
          }
          // Cut before its wait was up: poll again at once to see whether it happens again.
          if (verdict !== 'failure') continue;
        }
        failures++;
        const paused = err instanceof TransportError && err.peerPaused;
        this.remoteFailed((err as Error).message, paused);
        if (!paused) this.deps.metrics.failed.inc({ remote: this.remote.name, kind: 'pull' });
        const delay = backoffDelay(failures, this.deps.random);
        this.health.pullBackoffUntil = new Date(Date.now() + delay);
        // A push from the remote, or our own push getting through, ends the wait.
        await this.remoteBack.wait(delay);
      }
    }
    await leadership?.release();
  }

  private report(level: 'info' | 'warn' | 'error', message: string): void {
    this.health.lastError = message;
    this.log(level, message);
  }
}
