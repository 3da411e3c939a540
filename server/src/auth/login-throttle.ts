/**
 * Slows password guessing without letting anyone lock the admin out.
 *
 * - Per (client address, user name): the first `freeFailures` failures cost nothing; each further
 *   one makes that pair wait before its next try, 1 s, 2 s, 4 s, ... up to `maxDelayMs`. Tries
 *   during the wait are refused (429) without looking at the password. An attacker's failures
 *   from one address therefore never delay the admin at another.
 * - Per user name, from every address together: past `userCeiling` failures within the window,
 *   every login for that name is slowed by `slowdownMs`, and there are no free failures any more:
 *   each failure makes its address wait. An address that has not failed is slowed, never refused,
 *   so the admin's right password still gets in during an attack; a distributed attacker gets
 *   one try per fresh address, then waits like any other.
 *
 * A try counts as a failure from the moment it starts (until it succeeds), so a burst of
 * concurrent guesses from one address cannot slip past the count. In memory, per process.
 * Pure apart from the injected clock; the caller does the waiting.
 */

export interface LoginThrottleOptions {
  /** LOGIN_MAX_ATTEMPTS: failures per (address, user name) before the waits start. */
  freeFailures: number;
  /** LOGIN_WINDOW_SECONDS: failures are forgotten this long after the last one. */
  windowMs: number;
  /** LOGIN_MAX_DELAY_SECONDS: the longest wait. */
  maxDelayMs: number;
  /** LOGIN_USER_CEILING: failures of one user name, all addresses together, before every try is slowed. */
  userCeiling: number;
  /** LOGIN_SLOWDOWN_MS: how much each try for a user name over its ceiling is slowed. */
  slowdownMs: number;
}

/** The first wait; each further failure doubles it. */
export const BASE_DELAY_MS = 1000;

/** Most (address, user) pairs remembered; the oldest are forgotten first (the user ceiling still counts them). */
const MAX_PAIRS = 100_000;

interface PairEntry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

interface UserEntry {
  failures: number;
  lastFailureAt: number;
}

export type LoginDecision =
  | { allowed: false; retryAfterMs: number }
  | { allowed: true; /** Wait this long before checking the password. */ delayMs: number; ticket: LoginTicket };

export interface LoginTicket {
  readonly pairKey: string;
  readonly userKey: string;
}

export class LoginThrottle {
  private readonly pairs = new Map<string, PairEntry>();
  private readonly users = new Map<string, UserEntry>();

  constructor(
    private readonly options: LoginThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Before checking a password: refuse, or allow (possibly after a wait) and count the try as a failure for now. */
  begin(address: string, username: string): LoginDecision {
    const now = this.now();
    const userKey = username.toLowerCase();
    const pairKey = `${address}\u0000${userKey}`;
    const pair = this.fresh(this.pairs, pairKey, now);
    if (pair && pair.blockedUntil > now) return { allowed: false, retryAfterMs: pair.blockedUntil - now };

    const user = this.fresh(this.users, userKey, now) ?? { failures: 0, lastFailureAt: now };
    const overCeiling = user.failures >= this.options.userCeiling;
    const entry = pair ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    // Under attack there are no free failures: each address gets one try, then waits.
    const free = overCeiling ? 0 : this.options.freeFailures;
    entry.failures += 1;
    entry.lastFailureAt = now;
    const over = entry.failures - free;
    entry.blockedUntil = over > 0 ? now + Math.min(BASE_DELAY_MS * 2 ** Math.min(over - 1, 40), this.options.maxDelayMs) : 0;
    user.failures += 1;
    user.lastFailureAt = now;
    this.remember(this.pairs, pairKey, entry);
    this.remember(this.users, userKey, user);
    return { allowed: true, delayMs: overCeiling ? this.options.slowdownMs : 0, ticket: { pairKey, userKey } };
  }

  /** The password was right: the address is cleared for this name, and the try no longer counts. */
  succeeded(ticket: LoginTicket): void {
    this.pairs.delete(ticket.pairKey);
    const user = this.users.get(ticket.userKey);
    if (user) user.failures = Math.max(0, user.failures - 1);
  }

  /** The entry, unless it has been forgotten (window passed since its last failure, and no wait left). */
  private fresh<E extends { lastFailureAt: number; blockedUntil?: number }>(map: Map<string, E>, key: string, now: number): E | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.lastFailureAt + this.options.windowMs > now || (entry.blockedUntil ?? 0) > now) return entry;
    map.delete(key);
    return undefined;
  }

  private remember<E>(map: Map<string, E>, key: string, entry: E): void {
    // Re-inserting keeps the map in order of last use, so the oldest is first to go.
    map.delete(key);
    map.set(key, entry);
    while (map.size > MAX_PAIRS) map.delete(map.keys().next().value as string);
  }
}
