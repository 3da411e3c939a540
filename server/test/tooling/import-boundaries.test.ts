import { ESLint } from 'eslint';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The arrow between the modules of server/src points one way: orders/ never reaches integration/
 * (the sync), not even for a type; auth/ and shared/ neither. Proven twice:
 *  - the repository's ESLint config (eslint.config.js, as `npm run lint` uses it) refuses each way a
 *    file can name a forbidden module, shown on in-memory files that do;
 *  - the TypeScript compiler, following every import of those modules transitively (types
 *    included), finds no file of integration/ among what they pull in: this catches the indirect
 *    way that no import rule sees, e.g. a `Db` type whose schema generic re-exports the sync tables.
 */

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER = join(REPO, 'server');

describe('the import-boundary rule of eslint.config.js', () => {
  let eslint: ESLint;
  beforeAll(() => {
    // The repository's config; only the type-aware parsing is switched off, as the fixtures below
    // are in no tsconfig project (the boundary rules need no types).
    eslint = new ESLint({ cwd: REPO, overrideConfig: [tseslint.configs.disableTypeChecked] });
  });

  /** The boundary errors ESLint reports for `code` as the file at `path` (relative to the repository). */
  async function boundaryErrors(path: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(REPO, path) });
    expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
    return (result?.messages ?? [])
      .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
      .map((m) => m.message);
  }

  const ORDERS_FILE = 'server/src/orders/boundary-fixture.ts';
  const toIntegration = /orders\/ must not depend on integration\//;

  it.each([
    ['a value import', "import { SyncEngine } from '../integration/sync-engine.js';\nexport const e = SyncEngine;"],
    ['a type-only import', "import type { SyncState } from '../integration/sync-state.js';\nexport type S = SyncState;"],
    ['an inline type import', "import { type SyncState } from '../integration/sync-state.js';\nexport type S = SyncState;"],
    ['a re-export', "export { ST } from '../integration/sync-state.js';"],
    ['a type re-export', "export type { SyncState } from '../integration/sync-state.js';"],
    ['an export *', "export * from '../integration/sync-state.js';"],
    ['a side-effect import', "import '../integration/sync-engine.js';"],
    ['a dynamic import()', "export const load = () => import('../integration/sync-engine.js');"],
    ['an import() type', "export type S = import('../integration/sync-state.js').SyncState;"],
    ['the folder itself', "import * as sync from '../integration';\nexport const s = sync;"],
  ])('refuses %s of integration/ in orders/', async (_what, code) => {
    const errors = await boundaryErrors(ORDERS_FILE, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(toIntegration);
  });

  it('refuses it from a file deeper in orders/ too', async () => {
    const errors = await boundaryErrors('server/src/orders/graphql/deeper.ts', "import type { SyncState } from '../../integration/sync-state.js';\nexport type S = SyncState;");
    expect(errors).toEqual([expect.stringMatching(toIntegration)]);
  });

  it("refuses orders/ importing db/schema.ts (it re-exports the sync's tables), also type-only", async () => {
    for (const code of [
      "import { orders } from '../db/schema.js';\nexport const o = orders;",
      "import type * as schema from '../db/schema.js';\nexport type S = typeof schema;",
    ]) {
      expect(await boundaryErrors(ORDERS_FILE, code)).toEqual([expect.stringMatching(/orders\/ must not import db\/schema\.ts/)]);
    }
  });

  it.each([
    ['server/src/auth/boundary-fixture.ts'],
    ['server/src/shared/boundary-fixture.ts'],
  ])('refuses %s importing integration/', async (path) => {
    const errors = await boundaryErrors(path, "import type { SyncState } from '../integration/sync-state.js';\nexport type S = SyncState;");
    expect(errors).toEqual([expect.stringMatching(/auth\/ and shared\/ must not depend on integration\//)]);
  });

  it('lets each module import what it may', async () => {
    const allowed: [string, string][] = [
      [
        ORDERS_FILE,
        [
          "import type { Db } from '../db/types.js';",
          "import { orders } from './order.tables.js';",
          "import { AppError } from '../shared/errors.js';",
          "import { z } from 'zod';",
          "import { integrationHelper } from './integration-helper.js';",
          'export const all = [orders, AppError, z, integrationHelper] as const;',
          'export type D = Db;',
        ].join('\n'),
      ],
      // The arrow's other direction is the intended one.
      ['server/src/integration/boundary-fixture.ts', "import { OrderService } from '../orders/order.service.js';\nexport const s = OrderService;"],
      // The database module and the app wiring may see every table.
      ['server/src/db/boundary-fixture.ts', "import * as schema from './schema.js';\nexport const s = schema;"],
      ['server/src/boundary-fixture.ts', "import { SyncEngine } from './integration/sync-engine.js';\nexport const e = SyncEngine;"],
    ];
    for (const [path, code] of allowed) expect(await boundaryErrors(path, code), path).toEqual([]);
  });
});

describe('what orders/, auth/ and shared/ pull in, transitively', () => {
  const config = ts.getParsedCommandLineOfConfigFile(join(SERVER, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });

  /** Every file of server/src that the TypeScript program of `dir`'s files contains. */
  function reachableFrom(dir: string): string[] {
    const roots = readdirSync(join(SERVER, 'src', dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(SERVER, 'src', dir, f));
    expect(roots.length).toBeGreaterThan(0);
    const program = ts.createProgram(roots, config!.options);
    return program
      .getSourceFiles()
      .map((file) => relative(SERVER, file.fileName).split('\\').join('/'))
      .filter((file) => file.startsWith('src/'));
  }

  it.each(['orders', 'auth', 'shared'])('%s/ reaches no file of integration/, through values or types', (dir) => {
    const reached = reachableFrom(dir);
    expect(reached).toContain(`src/${dir}/${dir === 'shared' ? 'errors.ts' : dir === 'orders' ? 'order.service.ts' : 'auth.service.ts'}`);
    expect(reached.filter((file) => file.startsWith('src/integration/'))).toEqual([]);
    expect(reached).not.toContain('src/db/schema.ts');
  });
});
