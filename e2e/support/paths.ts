import { fileURLToPath } from 'node:url';

export const E2E_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_DIR = fileURLToPath(new URL('../../server/', import.meta.url));
export const ADMIN_DIR = fileURLToPath(new URL('../../admin/', import.meta.url));
/** Playwright's outputDir (cleared by Playwright at the start of every run). */
export const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

/** The admin login of both instances. */
export const ADMIN = { username: 'admin', password: 'e2e-password-123' } as const;

export type InstanceName = 'A' | 'B';

/** What the global setup hands to the tests (environment variable E2E_HARNESS, and test-results/harness.json). */
export interface HarnessInfo {
  driver: 'postgres' | 'pglite';
  instances: Record<InstanceName, InstanceInfo>;
  /** The harness control endpoint in the runner process: stop/start a server. */
  control: { url: string; token: string };
}

export interface InstanceInfo {
  name: InstanceName;
  /** http://127.0.0.1:<port> */
  url: string;
  /** REST client token (for setup and teardown only). */
  apiToken: string;
  database: string;
  logFile: string;
}

export const HARNESS_ENV = 'E2E_HARNESS';
