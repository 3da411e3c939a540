import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { ADMIN_URL } from './postgres-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
  }
}

/** Probes the PostgreSQL server once; without one, only the PGlite half of the suite runs. */
export default async function setup(project: TestProject): Promise<void> {
  const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  let available = false;
  try {
    await sql`select 1`;
    available = true;
  } catch (err) {
    console.warn(
      `\n[tests] No PostgreSQL server at ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')} (${(err as Error).message}): ` +
        'running the PGlite half only; the PostgreSQL tests are SKIPPED.\n',
    );
  } finally {
    await sql.end({ timeout: 1 });
  }
  project.provide('postgresAvailable', available);
}
