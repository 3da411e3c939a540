import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_DELAY_MS, LoginThrottle, type LoginDecision, type LoginThrottleOptions } from '../../src/auth/login-throttle.js';
import { DRIVERS } from '../support/databases.js';
import { startTestInstance, TEST_ADMIN, type TestInstance } from '../support/instances.js';

/**
 * Nobody can lock the admin out (issue 7, part 3): failures are throttled per (client address,
 * user name) with growing waits, and a per-user ceiling slows, but never refuses, an address that
 * has not failed.
 */

const OPTIONS: LoginThrottleOptions = { freeFailures: 3, windowMs: 900_000, maxDelayMs: 60_000, userCeiling: 10, slowdownMs: 500 };

function throttleWithClock(options: Partial<LoginThrottleOptions> = {}) {
  let now = 1_000_000;
  const throttle = new LoginThrottle({ ...OPTIONS, ...options }, () => now);
  return {
    throttle,
    advance: (ms: number) => {
      now += ms;
    },
    /** A try that fails (the password was wrong): the decision it got. */
    fail: (address: string, user = 'admin'): LoginDecision => throttle.begin(address, user),
    /** A try with the right password. */
    succeed: (address: string, user = 'admin'): LoginDecision => {
      const decision = throttle.begin(address, user);
      if (decision.allowed) throttle.succeeded(decision.ticket);
      return decision;
    },
  };
}

const waitOf = (d: LoginDecision) => (d.allowed ? 0 : d.retryAfterMs);

describe('LoginThrottle (src/auth/login-throttle.ts)', () => {
  it('lets the free failures through, then makes the address wait 1 s, 2 s, 4 s ... up to the longest wait', () => {
    const { fail, advance } = throttleWithClock();
    for (let i = 0; i < 3; i++) expect(fail('10.0.0.1')).toMatchObject({ allowed: true, delayMs: 0 });
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      expect(fail('10.0.0.1').allowed).toBe(true); // a failure past the free ones ...
      const refused = fail('10.0.0.1'); // ... and the next try must wait
      expect(refused.allowed).toBe(false);
      waits.push(waitOf(refused));
      advance(waitOf(refused));
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60].map((s) => s * BASE_DELAY_MS));
  });

  it('a try refused during the wait does not count, and does not look at the password', () => {
    const { fail, throttle, advance } = throttleWithClock();
    for (let i = 0; i < 4; i++) fail('10.0.0.1');
    for (let i = 0; i < 50; i++) expect(throttle.begin('10.0.0.1', 'admin').allowed).toBe(false);
    advance(BASE_DELAY_MS);
    expect(fail('10.0.0.1').allowed).toBe(true);
    expect(waitOf(fail('10.0.0.1'))).toBe(2 * BASE_DELAY_MS); // the 5th failure, not the 55th
  });

  it("an attacker's failures at one address never delay the admin at another", () => {
    const { fail, succeed } = throttleWithClock({ userCeiling: 1000 });
    for (let i = 0; i < 200; i++) fail('203.0.113.9');
    expect(fail('203.0.113.9').allowed).toBe(false);
    expect(succeed('198.51.100.7')).toMatchObject({ allowed: true, delayMs: 0 });
  });

  it('the user name is counted apart, case-insensitively', () => {
    const { fail } = throttleWithClock();
    for (let i = 0; i < 4; i++) fail('10.0.0.1', 'Admin');
    expect(fail('10.0.0.1', 'ADMIN').allowed).toBe(false);
    expect(fail('10.0.0.1', 'someone-else').allowed).toBe(true);
  });

  it('past the ceiling of a user name, every try for it is slowed and each failure makes its address wait; a clean address still gets in', () => {
    const { fail, succeed } = throttleWithClock();
    // 12 failures from 4 addresses: each within its free failures, together over the ceiling of 10.
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) for (let i = 0; i < 3; i++) fail(address);
    // A fresh attacker address: one try (slowed), then it waits.
    expect(fail('203.0.113.99')).toMatchObject({ allowed: true, delayMs: 500 });
    expect(fail('203.0.113.99').allowed).toBe(false);
    // An address that failed before waits after its next failure too.
    expect(fail('203.0.113.1').allowed).toBe(true);
    expect(fail('203.0.113.1').allowed).toBe(false);
    // The admin at an address that has not failed: slowed, never refused.
    for (let i = 0; i < 5; i++) expect(succeed('198.51.100.7')).toMatchObject({ allowed: true, delayMs: 500 });
    // Another user name is not slowed.
    expect(fail('203.0.113.50', 'someone-else')).toMatchObject({ allowed: true, delayMs: 0 });
  });

  it('a burst of concurrent tries cannot slip past the count: each try counts from its start', () => {
    const { throttle } = throttleWithClock();
    const decisions = Array.from({ length: 20 }, () => throttle.begin('10.0.0.1', 'admin'));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(4); // the 3 free ones and the one that starts the wait
  });

  it('a success clears its address, and does not count toward the ceiling', () => {
    const { fail, succeed } = throttleWithClock();
    for (let i = 0; i < 3; i++) fail('10.0.0.1');
    expect(succeed('10.0.0.1').allowed).toBe(true);
    for (let i = 0; i < 3; i++) expect(fail('10.0.0.1')).toMatchObject({ allowed: true, delayMs: 0 });
    // 6 failures so far; 20 successes elsewhere leave the user under its ceiling of 10.
    for (let i = 0; i < 20; i++) expect(succeed('198.51.100.7')).toMatchObject({ delayMs: 0 });
  });

  it('forgets failures a window after the last one', () => {
    const { fail, advance } = throttleWithClock({ windowMs: 60_000 });
    for (let i = 0; i < 4; i++) fail('10.0.0.1');
    advance(60_001);
    for (let i = 0; i < 3; i++) expect(fail('10.0.0.1')).toMatchObject({ allowed: true, delayMs: 0 });
  });

  it('keeps its memory bounded however many addresses try, forgetting the oldest first', () => {
    const { fail, throttle } = throttleWithClock({ userCeiling: 10_000_000, freeFailures: 1 });
    const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    for (let i = 0; i < 120_000; i++) fail(address(i));
    expect((throttle as unknown as { pairs: Map<string, unknown> }).pairs.size).toBe(100_000);
    // The newest are remembered (their second failure starts a wait), the oldest forgotten (a free failure again).
    expect(fail(address(119_999)).allowed).toBe(true);
    expect(fail(address(119_999)).allowed).toBe(false);
    expect(fail(address(0)).allowed).toBe(true);
    expect(fail(address(0)).allowed).toBe(true);
  });
});

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token username } }';

/** A login from `address` (sent as X-Forwarded-For; believed only with TRUST_PROXY). */
async function loginFrom(instance: TestInstance, address: string, password: string) {
  const started = performance.now();
  const res = await fetch(`${instance.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ query: LOGIN, variables: { u: TEST_ADMIN.username, p: password } }),
  });
  const body = (await res.json()) as { data?: { login: { token: string } }; errors?: any[] };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code as string | undefined, token: body.data?.login.token, ms: performance.now() - started };
}

describe.each(DRIVERS)('nobody can lock the admin out ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  afterAll(async () => instance?.stop());

  describe('with the defaults, behind a trusted proxy', () => {
    beforeAll(async () => {
      if (!skip) instance = await startTestInstance(driver, { TRUST_PROXY: 'loopback' });
    });

    it.skipIf(skip)("the issue: ten (and more) failures from one address, then the admin's right password from another gets in at once", async () => {
      const attempts = [];
      for (let i = 0; i < 12; i++) attempts.push((await loginFrom(instance, '203.0.113.9', `guess-${i}`)).code);
      // 5 free failures, a 6th that starts the wait, then refused.
      expect(attempts.slice(0, 6)).toEqual(Array(6).fill('UNAUTHENTICATED'));
      expect(attempts.slice(6)).toEqual(Array(6).fill('TOO_MANY_REQUESTS'));
      const admin = await loginFrom(instance, '198.51.100.7', TEST_ADMIN.password);
      expect(admin.status).toBe(200);
      expect(admin.token).toEqual(expect.any(String));
      console.log(`[throttle] ${driver}: after 12 tries from the attacker's address, the admin's login from another took ${admin.ms.toFixed(0)} ms`);
      // The attacker is still waiting, even with the right password.
      expect((await loginFrom(instance, '203.0.113.9', TEST_ADMIN.password)).code).toBe('TOO_MANY_REQUESTS');
    });
  });
});

describe.each(DRIVERS)('the per-user ceiling slows, never refuses ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) {
      instance = await startTestInstance(driver, {
        TRUST_PROXY: '127.0.0.1/8',
        LOGIN_MAX_ATTEMPTS: '3',
        LOGIN_USER_CEILING: '10',
        LOGIN_SLOWDOWN_MS: '400',
      });
    }
  });
  afterAll(async () => instance?.stop());

  it.skipIf(skip)('a distributed attack past the ceiling: the admin at a clean address is slowed and gets in; each attacker address gets one try, then waits', async () => {
    // 10 failures from 5 addresses, each within its free failures: together they reach the ceiling.
    for (let a = 1; a <= 5; a++) for (let i = 0; i < 2; i++) expect((await loginFrom(instance, `203.0.113.${a}`, `guess-${a}-${i}`)).code).toBe('UNAUTHENTICATED');
    const admin = await loginFrom(instance, '198.51.100.7', TEST_ADMIN.password);
    expect(admin.status).toBe(200);
    expect(admin.ms).toBeGreaterThanOrEqual(400);
    console.log(`[throttle] ${driver}: past the ceiling, the admin's login from a clean address took ${admin.ms.toFixed(0)} ms`);
    expect((await loginFrom(instance, '203.0.113.77', 'guess-fresh')).code).toBe('UNAUTHENTICATED');
    expect((await loginFrom(instance, '203.0.113.77', TEST_ADMIN.password)).code).toBe('TOO_MANY_REQUESTS');
  });
});

describe.each(DRIVERS)('X-Forwarded-For without TRUST_PROXY ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver, { LOGIN_MAX_ATTEMPTS: '2' });
  });
  afterAll(async () => instance?.stop());

  it.skipIf(skip)('is ignored: an attacker cannot escape its wait by claiming new addresses', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await loginFrom(instance, `203.0.113.${i + 1}`, `guess-${i}`)).code);
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
  });
});
