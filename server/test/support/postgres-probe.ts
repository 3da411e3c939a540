import postgres from 'postgres';

/**
 * Whether this run is CI: `CI` set to anything but empty, `0` or `false` (CI services set
 * `CI=true`; `.ci/run` exports it).
 */
export function runningUnderCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return !!value && value !== '0' && value !== 'false';
}

/** The URL without its password, for messages. */
export const redactUrl = (url: string): string => url.replace(/\/\/[^@/]*@/, '//');

/**
 * Probes the PostgreSQL server at `url`. Without one, a developer's run goes on with the PGlite half
 * only (after a loud warning), but a CI run throws: CI must never pass by skipping the PostgreSQL
 * half of the suite.
 */
export async function probePostgres(url: string, options: { ci: boolean; warn?: (message: string) => void }): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch (err) {
    const why = `No PostgreSQL server at ${redactUrl(url)} (${(err as Error).message})`;
    if (options.ci) {
      throw new Error(
        `${why}. Under CI the PostgreSQL tests must run, not be skipped: ` +
          'start PostgreSQL (.ci/run does) or point TEST_POSTGRES_URL at one.',
        { cause: err },
      );
    }
    (options.warn ?? console.warn)(`\n[tests] ${why}: running the PGlite half only; the PostgreSQL tests are SKIPPED.\n`);
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}
