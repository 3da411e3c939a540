import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();

/** The built plugin loads from plain JavaScript, with require and with import. */
describe('build', () => {
  it('builds dist/esm and dist/cjs that load without TypeScript', { timeout: 120_000 }, () => {
    node(['scripts/build.mjs']);
    const check = 'typeof m.OrdersSyncPlugin.init + " " + typeof m.UnitPriceOverrideStrategy + " " + m.CUSTOM_FIELD_NAMES.externalId';
    expect(node(['-e', `const m = require('@orders-sync/vendure-plugin'); console.log(${check})`])).toBe('function function externalId');
    expect(node(['--input-type=module', '-e', `const m = await import('@orders-sync/vendure-plugin'); console.log(${check})`])).toBe(
      'function function externalId',
    );
  });
});
