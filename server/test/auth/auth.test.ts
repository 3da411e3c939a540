import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSessions, adminUsers } from '../../src/auth/auth.tables.js';
import { hashPassword, verifyPassword } from '../../src/auth/password.js';
import { bearerToken, hashToken, newToken, tokensEqual } from '../../src/auth/tokens.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DRIVERS } from '../support/databases.js';
import { startTestInstance, TEST_ADMIN, TEST_API_TOKEN, type TestInstance } from '../support/instances.js';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt username } }';
const VIEWER = '{ viewer { name kind } }';
const LOGOUT = 'mutation { logout }';

/** Logs in without a token; answers the raw response. */
const login = (instance: TestInstance, username: string, password: string) =>
  instance.graphql<{ login: { token: string; expiresAt: string; username: string } }>(LOGIN, { u: username, p: password }, null);

function expectNoStack(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace/i);
  expect(text).not.toMatch(/\bat \S*\.[cm]?[jt]s:\d+:\d+/);
}

function expectErrorCode(res: { status: number; body: { data?: unknown; errors?: any[] } }, code: string, status: number): any {
  expectNoStack(res.body);
  expect(res.body.errors, JSON.stringify(res.body)).toHaveLength(1);
  expect(res.body.errors![0].extensions.code).toBe(code);
  expect(res.status).toBe(status);
  expect(res.body.data ?? null).toBeNull();
  return res.body.errors![0];
}

describe.each(DRIVERS)('login, viewer, logout ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver);
  });
  afterAll(async () => instance?.stop());

  it.skipIf(skip)('logs in with the right credentials: a token and when it expires (12 h by default)', async () => {
    const before = Date.now();
    const res = await login(instance, TEST_ADMIN.username, TEST_ADMIN.password);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const session = res.body.data!.login;
    expect(session.username).toBe(TEST_ADMIN.username);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(session.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const ttl = Date.parse(session.expiresAt) - before;
    expect(ttl).toBeGreaterThan(12 * 3_600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(12 * 3_600_000 + 60_000);

    // Each login is a session of its own.
    const again = await login(instance, TEST_ADMIN.username, TEST_ADMIN.password);
    expect(again.body.data!.login.token).not.toBe(session.token);
  });

  it.skipIf(skip)('refuses a wrong password with UNAUTHENTICATED (HTTP 401) and no token', async () => {
    const error = expectErrorCode(await login(instance, TEST_ADMIN.username, 'wrong-password-123'), 'UNAUTHENTICATED', 401);
    expect(error.message).not.toContain('wrong-password-123');
  });

  it.skipIf(skip)('refuses an unknown user the same way as a wrong password', async () => {
    const unknown = expectErrorCode(await login(instance, 'nobody-here', TEST_ADMIN.password), 'UNAUTHENTICATED', 401);
    const wrong = expectErrorCode(await login(instance, TEST_ADMIN.username, 'not-it-either'), 'UNAUTHENTICATED', 401);
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.extensions).toEqual(wrong.extensions);
  });

  it.skipIf(skip)('treats the user name case-sensitively and a name with NUL as unknown, not an internal error', async () => {
    expectErrorCode(await login(instance, TEST_ADMIN.username.toUpperCase(), TEST_ADMIN.password), 'UNAUTHENTICATED', 401);
    expectErrorCode(await login(instance, `${TEST_ADMIN.username}\u0000`, TEST_ADMIN.password), 'UNAUTHENTICATED', 401);
  });

  it.skipIf(skip)('viewer names who the token belongs to: the admin or the API client', async () => {
    const { token } = (await login(instance, TEST_ADMIN.username, TEST_ADMIN.password)).body.data!.login;
    const admin = await instance.graphql(VIEWER, {}, token);
    expect(admin.body).toEqual({ data: { viewer: { name: TEST_ADMIN.username, kind: 'admin' } } });
    const client = await instance.graphql(VIEWER, {}, TEST_API_TOKEN);
    expect(client.body).toEqual({ data: { viewer: { name: 'tests', kind: 'client' } } });
    expectErrorCode(await instance.graphql(VIEWER, {}, null), 'UNAUTHENTICATED', 401);
  });

  it.skipIf(skip)('logout ends the session: the token no longer works on GraphQL or REST; other sessions stay', async () => {
    const first = (await login(instance, TEST_ADMIN.username, TEST_ADMIN.password)).body.data!.login.token;
    const second = (await login(instance, TEST_ADMIN.username, TEST_ADMIN.password)).body.data!.login.token;
    // An unknown order: 404 shows the token got through, 401 that it did not.
    const somewhere = `/api/orders/${randomUUID()}`;
    expect((await instance.api(somewhere, { token: first })).status).toBe(404);

    const out = await instance.graphql(LOGOUT, {}, first);
    expect(out.body).toEqual({ data: { logout: true } });

    expectErrorCode(await instance.graphql(VIEWER, {}, first), 'UNAUTHENTICATED', 401);
    expectErrorCode(await instance.graphql(LOGOUT, {}, first), 'UNAUTHENTICATED', 401);
    expect((await instance.api(somewhere, { token: first })).status).toBe(401);

    expect((await instance.graphql(VIEWER, {}, second)).body).toEqual({ data: { viewer: { name: TEST_ADMIN.username, kind: 'admin' } } });
  });

  // Was: "logout with the API token answers true". Logout is for sessions (admin only, see the
  // README's Roles); an API token is configuration and cannot be logged out of, so it is FORBIDDEN.
  it.skipIf(skip)('logout with the API token is FORBIDDEN and leaves the token working', async () => {
    expectErrorCode(await instance.graphql(LOGOUT, {}, TEST_API_TOKEN), 'FORBIDDEN', 403);
    expect((await instance.graphql(VIEWER, {}, TEST_API_TOKEN)).body.data).toEqual({ viewer: { name: 'tests', kind: 'client' } });
  });

  it.skipIf(skip)('stores the admin password only as a scrypt hash, and sessions only as token hashes', async () => {
    const users = await instance.database.db.select().from(adminUsers);
    expect(users.map((u) => u.username)).toEqual([TEST_ADMIN.username]);
    const [user] = users;
    expect(user!.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(user!.passwordHash).not.toContain(TEST_ADMIN.password);
    expect(await verifyPassword(TEST_ADMIN.password, user!.passwordHash)).toBe(true);

    const { token } = (await login(instance, TEST_ADMIN.username, TEST_ADMIN.password)).body.data!.login;
    const sessions = await instance.database.db.select().from(adminSessions).where(eq(adminSessions.tokenHash, hashToken(token)));
    expect(sessions).toHaveLength(1);
    const all = await instance.database.db.select().from(adminSessions);
    for (const session of all) expect(session.tokenHash).not.toBe(token);
  });
});

describe.each(DRIVERS)('login rate limit ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver, { LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_SECONDS: '60' });
  });
  afterAll(async () => instance?.stop());

  // Was: "after 3 failed logins the 4th is refused for 15 minutes, and other users from the same
  // client too". The throttle is now per (address, user name) with growing waits, so nobody can
  // lock the admin out (test/auth/login-throttle.test.ts): 3 free failures, then 1 s, 2 s, ...
  it.skipIf(skip)('after 3 free failures each further one makes this address wait, even with the right password', async () => {
    const earlier = await instance.adminToken();
    for (let i = 0; i < 4; i++) {
      expectErrorCode(await login(instance, TEST_ADMIN.username, `wrong-${i}`), 'UNAUTHENTICATED', 401);
    }
    const error = expectErrorCode(await login(instance, TEST_ADMIN.username, TEST_ADMIN.password), 'TOO_MANY_REQUESTS', 429);
    expect(error.extensions.retryAfterSeconds).toBe(1);
    // Another user name from the same address has its own count.
    expectErrorCode(await login(instance, 'someone-else', 'whatever-it-is'), 'UNAUTHENTICATED', 401);
    // Sessions already open keep working.
    expect((await instance.graphql(VIEWER, {}, earlier)).body).toEqual({ data: { viewer: { name: TEST_ADMIN.username, kind: 'admin' } } });
    // Once the wait is over, the right password gets in.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await login(instance, TEST_ADMIN.username, TEST_ADMIN.password)).body.data?.login.username).toBe(TEST_ADMIN.username);
  });
});

describe('password hashing (src/auth/password.ts)', () => {
  it('hashes to scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
    const a = await hashPassword('s3cret-password');
    const b = await hashPassword('s3cret-password');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(b).toMatch(/^scrypt\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret-password');
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('s3cret-password');
    expect(await verifyPassword('s3cret-password', stored)).toBe(true);
    expect(await verifyPassword('s3cret-passwordX', stored)).toBe(false);
    expect(await verifyPassword('S3cret-password', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('handles empty and unicode passwords', async () => {
    const empty = await hashPassword('');
    expect(await verifyPassword('', empty)).toBe(true);
    expect(await verifyPassword(' ', empty)).toBe(false);
    const unicode = await hashPassword('pässwörd-🔑');
    expect(await verifyPassword('pässwörd-🔑', unicode)).toBe(true);
    expect(await verifyPassword('passwörd-🔑', unicode)).toBe(false);
  });

  it('rejects stored values that are not scrypt hashes, or were tampered with', async () => {
    const stored = await hashPassword('pw');
    expect(await verifyPassword('pw', 'pw')).toBe(false);
    expect(await verifyPassword('pw', '')).toBe(false);
    expect(await verifyPassword('pw', stored.replace(/^scrypt/, 'bcrypt'))).toBe(false);
    expect(await verifyPassword('pw', stored.split('$').slice(0, 5).join('$'))).toBe(false);
    const parts = stored.split('$');
    const otherSalt = [...parts.slice(0, 4), Buffer.alloc(16, 7).toString('base64url'), parts[5]].join('$');
    expect(await verifyPassword('pw', otherSalt)).toBe(false);
  });
});

describe('tokens (src/auth/tokens.ts)', () => {
  it('tokensEqual compares exactly, whatever the lengths', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual(TEST_API_TOKEN, TEST_API_TOKEN)).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'ABC')).toBe(false);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('abcd', 'abc')).toBe(false);
    expect(tokensEqual('', 'a')).toBe(false);
    expect(tokensEqual('', '')).toBe(true);
  });

  it('bearerToken takes the token of a Bearer header, and nothing else', () => {
    expect(bearerToken('Bearer abc.DEF-123_~+/=')).toBe('abc.DEF-123_~+/=');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('BEARER abc')).toBe('abc');
    expect(bearerToken('Bearer   abc  ')).toBe('abc');
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('abc')).toBeNull();
    expect(bearerToken('Bearer abc def')).toBeNull();
    expect(bearerToken(' Bearer abc')).toBeNull();
    expect(bearerToken('Bearerabc')).toBeNull();
  });

  it('newToken makes long random url-safe tokens; hashToken is a sha-256 hex digest', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(hashToken(newToken()));
  });
});

describe('configuration (src/config.ts)', () => {
  /** The ConfigError thrown for `env`. */
  function problemsOf(env: Record<string, string | undefined>): ConfigError {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    return caught as ConfigError;
  }

  const valid = { NODE_ENV: 'test', DATA_DIR: 'memory://' };

  it('production without admin credentials and API tokens names ADMIN_USERNAME and API_TOKENS', () => {
    const error = problemsOf({ NODE_ENV: 'production' });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('ADMIN_USERNAME');
    expect(error.message).toContain('API_TOKENS');
    expect(error.problems.some((p) => p.startsWith('ADMIN_USERNAME:'))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('API_TOKENS:'))).toBe(true);
  });

  it('production with both configured loads', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'a-long-password',
      API_TOKENS: 'shop:abcdefghijklmnopqrstuvwxyz012345, erp:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345',
      DATABASE_URL: 'postgres://u@db:5432/orders',
    });
    expect(config.env).toBe('production');
    expect(config.admin).toEqual({ username: 'root', password: 'a-long-password' });
    expect(config.apiTokens).toEqual([
      { name: 'shop', token: 'abcdefghijklmnopqrstuvwxyz012345' },
      { name: 'erp', token: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' },
    ]);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/orders', poolSize: 10 });
  });

  it.each([
    ['abc', /^PORT: must be a whole number/],
    ['-1', /^PORT: must be a whole number/],
    ['65536', /^PORT: must be at most 65535/],
    ['80.5', /^PORT: must be a whole number/],
  ])('a bad PORT (%s) is named', (port, message) => {
    const error = problemsOf({ ...valid, PORT: port });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(message);
    expect(error.message).toContain('PORT');
  });

  it.each(['mysql://user@host/db', 'localhost:5432', 'http://postgres.example.com'])('a bad DATABASE_URL (%s) is named', (url) => {
    const error = problemsOf({ ...valid, DATABASE_URL: url });
    expect(error.problems).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
  });

  it('ADMIN_USERNAME without ADMIN_PASSWORD (and the reverse) names both', () => {
    for (const env of [{ ADMIN_USERNAME: 'root' }, { ADMIN_PASSWORD: 'a-long-password' }]) {
      const error = problemsOf({ ...valid, ...env });
      expect(error.message).toContain('ADMIN_USERNAME');
      expect(error.message).toContain('ADMIN_PASSWORD');
    }
  });

  it('names other bad variables and never repeats a secret value', () => {
    const error = problemsOf({
      ...valid,
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'short-pw',
      API_TOKENS: 'shop:tooshort-secret',
      LOGIN_MAX_ATTEMPTS: '0',
      LOG_LEVEL: 'loud',
    });
    const named = error.problems.map((p) => p.split(':')[0]);
    expect(named).toEqual(expect.arrayContaining(['ADMIN_PASSWORD', 'API_TOKENS.0', 'LOGIN_MAX_ATTEMPTS', 'LOG_LEVEL']));
    expect(error.message).not.toContain('short-pw');
    expect(error.message).not.toContain('tooshort-secret');
  });

  it.each([
    ['false', false],
    ['true', true],
    ['loopback', ['loopback']],
    ['10.0.0.1, 10.1.0.0/16,::1,fd00::/8', ['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8']],
  ])('TRUST_PROXY=%s is read as Fastify trustProxy', (value, expected) => {
    expect(loadConfig({ ...valid, TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['2', 'yes', '10.0.0.256', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/2'])('a bad TRUST_PROXY (%s) is named', (value) => {
    expect(problemsOf({ ...valid, TRUST_PROXY: value }).problems).toEqual([expect.stringMatching(/^TRUST_PROXY: /)]);
  });

  it('names METRICS_TOKEN when it is also an API or peer token, and LOGIN_USER_CEILING below LOGIN_MAX_ATTEMPTS', () => {
    const token = 'shared-token-0123456789abcdefghij';
    expect(problemsOf({ ...valid, METRICS_TOKEN: token, API_TOKENS: `shop:${token}` }).problems).toEqual([expect.stringMatching(/^METRICS_TOKEN: /)]);
    expect(problemsOf({ ...valid, METRICS_TOKEN: token, PEER_ACCEPT_TOKEN: token }).problems).toEqual([expect.stringMatching(/^METRICS_TOKEN: /)]);
    expect(problemsOf({ ...valid, METRICS_TOKEN: 'short' }).problems).toEqual([expect.stringMatching(/^METRICS_TOKEN: /)]);
    expect(problemsOf({ ...valid, LOGIN_MAX_ATTEMPTS: '20', LOGIN_USER_CEILING: '10' }).problems).toEqual([expect.stringMatching(/^LOGIN_USER_CEILING: /)]);
  });

  it('reads the GraphQL limits and names a bad one', () => {
    const config = loadConfig({ ...valid, GRAPHQL_MAX_DEPTH: '8', GRAPHQL_MAX_COST: '5000', GRAPHQL_MAX_ALIASES: '0' });
    expect(config.graphqlLimits).toMatchObject({ maxDepth: 8, maxCost: 5000, maxAliases: 0 });
    const error = problemsOf({ ...valid, GRAPHQL_MAX_DEPTH: '0', GRAPHQL_MAX_TOKENS: 'many', GRAPHQL_MAX_DOCUMENT_BYTES: '2000000' });
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(['GRAPHQL_MAX_DEPTH', 'GRAPHQL_MAX_DOCUMENT_BYTES', 'GRAPHQL_MAX_TOKENS']);
  });

  it("chooses PGlite's WebAssembly compiler and names a bad choice", () => {
    expect(loadConfig({ ...valid, PGLITE_WASM_OPTIMIZE: 'true' }).database).toMatchObject({ kind: 'pglite', wasmCompiler: 'optimizing' });
    expect(loadConfig({ ...valid, PGLITE_WASM_OPTIMIZE: 'false' }).database).toMatchObject({ kind: 'pglite', wasmCompiler: 'baseline' });
    expect(problemsOf({ ...valid, PGLITE_WASM_OPTIMIZE: 'yes' }).problems).toEqual([expect.stringMatching(/^PGLITE_WASM_OPTIMIZE: must be true or false/)]);
  });

  it('treats empty variables as unset and fills defaults', () => {
    const config = loadConfig({ NODE_ENV: 'development', PORT: '', DATABASE_URL: '', INSTANCE_NAME: 'b-2' });
    expect(config.port).toBe(4001);
    expect(config.instanceName).toBe('b-2');
    expect(config.codePrefix).toBe('B2');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: expect.stringMatching(/data\/b-2$/), wasmCompiler: 'baseline' });
    expect(config.loginThrottle).toEqual({ freeFailures: 5, windowMs: 900_000, maxDelayMs: 900_000, userCeiling: 100, slowdownMs: 1000 });
    expect(config.trustProxy).toBe(false);
    expect(config.metricsToken).toBeNull();
    expect(config.graphqlLimits).toEqual({ maxDocumentBytes: 32_768, maxTokens: 2000, maxAliases: 30, maxDepth: 15, maxCost: 300_000 });
    expect(config.sessionTtlMs).toBe(12 * 3_600_000);
    expect(config.admin).toBeNull();
  });
});
