/**
 * 50 s: an idle pair makes 1.2 requests a minute each way. Behind a proxy that ends requests after
 * 30 s (Heroku's router) the polls are cut twice and then ask for 24 s. The sixth round of
 * docs/benchmarks.md saw a 50 s wait make a 100,000-order catch-up carry a sixth of its orders
 * twice; five later runs at 50 s did not (0.002-0.017), see its seventh and eighth rounds.
 */
export const DEFAULT_LONG_POLL_SECONDS = 50;

/**
 * How long the next long poll of a remote's feed asks it to wait.
 *
 * It starts at SYNC_LONG_POLL_SECONDS (DEFAULT_LONG_POLL_SECONDS by default). Something between
 * the two sides may end requests sooner than that: Heroku's router ends any request after 30 s,
 * some proxies after 10 s of silence, and an installation that sets a longer wait meets more of
 * them. Such a cut looks like a poll that fails after some seconds, before its wait was up; one
 * cut alone may also be the remote restarting mid-poll, so the wait is shortened only when two
 * polls in a row are cut after about the same time (within a fifth): from then on the polls ask
 * for four fifths of it, so they end before the cut. The configured length is tried again after `retryLongerAfterMs` (the proxy may
 * have gone). Plain functions of what happened: no clock or timer of its own.
 */
export class LongPollWait {
  private shortened: { seconds: number; until: number } | null = null;
  /** How long the last poll that looked cut had lasted (null: the last poll was not cut). */
  private suspected: number | null = null;

  constructor(
    readonly configured: number,
    private readonly retryLongerAfterMs = 3_600_000,
  ) {}

  /** The wait to ask for now. */
  seconds(now: number): number {
    if (this.shortened && now >= this.shortened.until) this.shortened = null;
    return this.shortened?.seconds ?? this.configured;
  }

  /** A poll answered: whatever looked like a cut was not one. */
  answered(): void {
    this.suspected = null;
  }

  /**
   * A poll that asked for `asked` seconds failed after `lasted` seconds:
   * - `failure`: at once (refused, unreachable) or at the end of its wait (a slow answer): a failure
   *   like any other;
   * - `suspect`: cut before its wait was up: poll again at once, with the same wait, to see;
   * - `cut`: cut again after about the same time: the next polls are shorter (poll again at once);
   *   cut again after a different time: `failure`.
   */
  failed(asked: number, lasted: number, now: number): 'failure' | 'suspect' | 'cut' {
    if (lasted < 1 || lasted >= asked - 0.5) {
      this.suspected = null;
      return 'failure';
    }
    const before = this.suspected;
    this.suspected = before === null ? lasted : null;
    if (before === null) return 'suspect';
    // Cut twice at different times: an unsteady connection, not a proxy's limit; back off as usual.
    if (Math.abs(lasted - before) > before / 5) return 'failure';
    const next = Math.max(1, Math.floor(Math.min(lasted, before) * 0.8));
    if (next >= asked) return 'failure';
    this.shortened = { seconds: next, until: now + this.retryLongerAfterMs };
    return 'cut';
  }
}
