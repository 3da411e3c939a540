import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probePostgres, runningUnderCi } from '../support/postgres-probe.js';
import { ADMIN_URL } from '../support/postgres-url.js';
import { postgresAvailable } from '../support/databases.js';

/** A loopback port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('runningUnderCi', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['TRUE', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['', false],
    [undefined, false],
  ])('CI=%s -> %s', (value, expected) => {
    expect(runningUnderCi(value === undefined ? {} : { CI: value })).toBe(expected);
  });
});

describe('the PostgreSQL probe of the test setup', () => {
  it('fails a CI run when no PostgreSQL answers, naming the server and the way out', async () => {
    const url = `postgres://postgres:secret@127.0.0.1:${await closedPort()}/postgres`;
    const probe = probePostgres(url, { ci: true });
    await expect(probe).rejects.toThrow(/No PostgreSQL server at postgres:\/\/127\.0\.0\.1:\d+\/postgres .*Under CI the PostgreSQL tests must run/);
    await expect(probe).rejects.not.toThrow(/secret/);
  });

  it('lets a local run go on with PGlite only, warning loudly', async () => {
    const warnings: string[] = [];
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    await expect(probePostgres(url, { ci: false, warn: (m) => warnings.push(m) })).resolves.toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/the PostgreSQL tests are SKIPPED/);
  });

  it.skipIf(!postgresAvailable())('answers true for a server that is there, CI or not', async () => {
    await expect(probePostgres(ADMIN_URL, { ci: true })).resolves.toBe(true);
    await expect(probePostgres(ADMIN_URL, { ci: false })).resolves.toBe(true);
  });
});
