import type { FullConfig } from '@playwright/test';
import { harnessState } from './global-setup.js';

/** Stops A and B, closes the control endpoint, drops the databases (also after a failed setup). */
export default async function globalTeardown(_config: FullConfig): Promise<void> {
  const state = harnessState();
  if (!state) return;
  state.control?.close();
  await Promise.all(Object.values(state.servers).map((s) => s.dispose()));
  for (const database of state.databases) {
    try {
      await database.drop();
    } catch (err) {
      console.error(`[e2e] could not drop ${database.where}: ${(err as Error).message}`);
    }
  }
}
