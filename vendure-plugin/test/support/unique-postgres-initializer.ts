import type { TestDbInitializer } from '@vendure/testing';
import { createDatabase } from './postgres-admin.js';

type PostgresOptions = { type: 'postgres'; database?: string; synchronize?: boolean };

/**
 * @vendure/testing's own PostgresInitializer names the database after the test file and never drops
 * it, so two runs at once would share (and wipe) one database. This one creates the database the
 * harness already named uniquely; the harness drops it when the server stops.
 */
export class UniquePostgresInitializer implements TestDbInitializer<PostgresOptions> {
  async init(_testFileName: string, connectionOptions: PostgresOptions): Promise<PostgresOptions> {
    if (!connectionOptions.database) throw new Error('the harness must name the database before init');
    await createDatabase(connectionOptions.database);
    // The schema (with the plugin's custom fields) is made by TypeORM on the empty database.
    connectionOptions.synchronize = true;
    return connectionOptions;
  }

  async populate(populateFn: () => Promise<void>): Promise<void> {
    await populateFn();
  }

  destroy(): void {}
}
