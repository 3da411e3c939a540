import type { TestProject } from 'vitest/node';
import { probePostgres, runningUnderCi } from './postgres-probe.js';
import { ADMIN_URL } from './postgres-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
  }
}

/**
 * Probes the PostgreSQL server once. Without one, a local run keeps only the PGlite half of the
 * suite (with a warning); under CI the run fails here instead.
 */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('postgresAvailable', await probePostgres(ADMIN_URL, { ci: runningUnderCi() }));
}
