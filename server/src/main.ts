import { createInstance } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';

/** Starts one instance from the environment; see the README for the variables. */
async function main(): Promise<void> {
  const config = loadConfig();
  const instance = await createInstance(config);
  const url = await instance.listen();
  const { admin, apiToken } = instance.generated;
  const lines = [
    `Instance ${config.instanceName} listening on ${url} (database: ${instance.database.driver})`,
    `  GraphQL:        ${url}/graphql`,
    `  REST Orders API: ${url}/api/orders`,
  ];
  if (admin) lines.push(`  Admin login (development, new each start): ${admin.username} / ${admin.password}`);
  if (apiToken) lines.push(`  API token (development, new each start): ${apiToken}`);
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    instance.app.log.info(`${signal}: shutting down`);
    await instance.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error('Startup failed:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
