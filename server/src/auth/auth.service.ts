import { randomBytes } from 'node:crypto';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { AppError } from '../shared/errors.js';
import { adminSessions, adminUsers } from './auth.tables.js';
import { hashPassword, verifyPassword } from './password.js';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { bearerToken, hashToken, newToken, tokensEqual } from './tokens.js';

/**
 * Who is calling. `admin`: a person logged in through GraphQL `login`. `client`: an API token
 * (an e-shop, a script), allowed to read and edit orders. `peer`: the other instance's sync,
 * allowed only to send sync messages and read the change feed. `metrics`: a Prometheus scraper,
 * allowed only /metrics. What each may call: the rules next to each operation (access.ts).
 */
export type Principal =
  | { kind: 'admin'; name: string }
  | { kind: 'client'; name: string }
  | { kind: 'peer'; name: string }
  | { kind: 'metrics'; name: string };

export interface ApiToken {
  name: string;
  token: string;
  kind: Exclude<Principal['kind'], 'admin'>;
}

export interface AuthOptions {
  sessionTtlMs: number;
  loginThrottle: LoginThrottleOptions;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class AuthService {
  private readonly apiTokens: ApiToken[] = [];
  private readonly throttle: LoginThrottle;
  /** Verified against when the user does not exist, so a wrong name takes as long as a wrong password. */
  private dummyHash: Promise<string> | null = null;
  /** The session look-up of every admin request, built once (drizzle would build it anew each time). */
  private sessionLookUp: ReturnType<AuthService['prepareSessionOf']> | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: AuthOptions,
  ) {
    this.throttle = new LoginThrottle(options.loginThrottle);
  }

  addApiToken(token: ApiToken): void {
    this.apiTokens.push(token);
  }

  /**
   * Replaces the peers' tokens (each peer remote's accept token, named after the remote), as the
   * remotes are added, changed and removed at runtime. A peer token never passes for another role.
   */
  setPeerTokens(tokens: { name: string; token: string }[]): void {
    const others = this.apiTokens.filter((t) => t.kind !== 'peer');
    this.apiTokens.splice(0, this.apiTokens.length, ...others, ...tokens.map((t) => ({ ...t, kind: 'peer' as const })));
  }

  /**
   * Makes sure an admin can log in. Configured credentials are (re)stored hashed. Without any, a
   * development instance makes `admin` with a fresh random password and returns it for printing.
   */
  async ensureAdmin(configured: { username: string; password: string } | null): Promise<{ username: string; password: string } | null> {
    const credentials = configured ?? { username: 'admin', password: randomBytes(12).toString('base64url') };
    const passwordHash = await hashPassword(credentials.password);
    await this.db
      .insert(adminUsers)
      .values({ username: credentials.username, passwordHash })
      .onConflictDoUpdate({ target: adminUsers.username, set: { passwordHash, updatedAt: new Date() } });
    return configured ? null : credentials;
  }

  /** `clientKey`: the client's address (behind a trusted proxy, from X-Forwarded-For). */
  async login(username: string, password: string, clientKey: string): Promise<{ token: string; expiresAt: Date; username: string }> {
    const decision = this.throttle.begin(clientKey, username);
    if (!decision.allowed) {
      const wait = Math.ceil(decision.retryAfterMs / 1000);
      throw new AppError('TOO_MANY_REQUESTS', `Too many failed logins from this address; try again in ${wait} s`, { retryAfterSeconds: wait });
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    // A name with NUL cannot exist (and PostgreSQL would refuse the query with an internal error).
    const [user] = username.includes('\u0000') ? [] : await this.db.select().from(adminUsers).where(eq(adminUsers.username, username));
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummy()));
    // A failure is already counted (from the start of the try); only a success changes anything.
    if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong user name or password', { field: 'password' });
    this.throttle.succeeded(decision.ticket);
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.options.sessionTtlMs);
    await this.db.delete(adminSessions).where(lte(adminSessions.expiresAt, new Date()));
    await this.db.insert(adminSessions).values({ tokenHash: hashToken(token), username: user.username, expiresAt });
    return { token, expiresAt, username: user.username };
  }

  async logout(token: string): Promise<void> {
    await this.db.delete(adminSessions).where(eq(adminSessions.tokenHash, hashToken(token)));
  }

  /** Resolves an `Authorization` header to a principal, or null when it proves nothing. */
  async authenticate(authorization: string | undefined): Promise<Principal | null> {
    const token = bearerToken(authorization);
    if (!token) return null;
    // Every configured token is compared, so the time taken does not tell which one nearly matched.
    let match: ApiToken | null = null;
    for (const candidate of this.apiTokens) if (tokensEqual(candidate.token, token) && !match) match = candidate;
    if (match) return { kind: match.kind, name: match.name };
    this.sessionLookUp ??= this.prepareSessionOf();
    const [session] = await this.sessionLookUp.execute({ tokenHash: hashToken(token), now: new Date().toISOString() });
    return session ? { kind: 'admin', name: session.username } : null;
  }

  private prepareSessionOf() {
    return this.db
      .select({ username: adminSessions.username })
      .from(adminSessions)
      .where(and(eq(adminSessions.tokenHash, sql.placeholder('tokenHash')), gt(adminSessions.expiresAt, sql`${sql.placeholder('now')}::timestamptz`)))
      .prepare('admin_session_of');
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
