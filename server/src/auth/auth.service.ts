import { randomBytes } from 'node:crypto';
import { and, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { AppError } from '../shared/errors.js';
import { adminSessions, adminUsers } from './auth.tables.js';
import { hashPassword, verifyPassword } from './password.js';
import { RateLimiter } from './rate-limiter.js';
import { bearerToken, hashToken, newToken, tokensEqual } from './tokens.js';

/**
 * Who is calling. `admin`: a person logged in through GraphQL `login`. `client`: an API token
 * (an e-shop, a script), allowed to edit orders like an admin. `peer`: the other instance's sync,
 * the only one allowed to send sync messages.
 */
export type Principal =
  | { kind: 'admin'; name: string }
  | { kind: 'client'; name: string }
  | { kind: 'peer'; name: string };

export interface ApiToken {
  name: string;
  token: string;
  kind: 'client' | 'peer';
}

export interface AuthOptions {
  sessionTtlMs: number;
  loginLimit: { maxAttempts: number; windowMs: number };
}

export class AuthService {
  private readonly apiTokens: ApiToken[] = [];
  private readonly perClient: RateLimiter;
  private readonly perUser: RateLimiter;
  /** Verified against when the user does not exist, so a wrong name takes as long as a wrong password. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: AuthOptions,
  ) {
    this.perClient = new RateLimiter(options.loginLimit.maxAttempts, options.loginLimit.windowMs);
    this.perUser = new RateLimiter(options.loginLimit.maxAttempts, options.loginLimit.windowMs);
  }

  addApiToken(token: ApiToken): void {
    this.apiTokens.push(token);
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

  async login(username: string, password: string, clientKey: string): Promise<{ token: string; expiresAt: Date; username: string }> {
    const keys = [`client:${clientKey}`, `user:${username.toLowerCase()}`];
    const wait = Math.max(this.perClient.retryAfter(keys[0]!), this.perUser.retryAfter(keys[1]!));
    if (wait > 0) {
      throw new AppError('TOO_MANY_REQUESTS', `Too many failed logins; try again in ${wait} s`, { retryAfterSeconds: wait });
    }
    // A name with NUL cannot exist (and PostgreSQL would refuse the query with an internal error).
    const [user] = username.includes('\u0000') ? [] : await this.db.select().from(adminUsers).where(eq(adminUsers.username, username));
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummy()));
    if (!user || !ok) {
      this.perClient.fail(keys[0]!);
      this.perUser.fail(keys[1]!);
      throw new AppError('UNAUTHENTICATED', 'Wrong user name or password', { field: 'password' });
    }
    this.perUser.reset(keys[1]!);
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
    const [session] = await this.db
      .select({ username: adminSessions.username })
      .from(adminSessions)
      .where(and(eq(adminSessions.tokenHash, hashToken(token)), gt(adminSessions.expiresAt, new Date())));
    return session ? { kind: 'admin', name: session.username } : null;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
