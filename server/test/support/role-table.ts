import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Who calls: no token, or one of the four principals. */
export type Caller = 'none' | 'admin' | 'client' | 'peer' | 'metrics';
export const CALLERS: Caller[] = ['none', 'admin', 'client', 'peer', 'metrics'];

export interface RoleRow {
  /** The operations of the row, as the README writes them: `query orders`, `GET /metrics`, `Order.sync`. */
  keys: string[];
  /** The row's first cell, e.g. to tell the production introspection row from the other. */
  label: string;
  allowed: Record<Caller, boolean>;
}

const OPERATION_KEY = /^(?:(?:query|mutation) \w+|[A-Z]+ \S+|[A-Z]\w*\.\w+)$/;

/**
 * The table of the README's "Roles" section: the documented truth the access test holds the
 * server to, so the README cannot drift from what the server does.
 */
export function readRoleTable(): RoleRow[] {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  const start = readme.indexOf('\n## Roles\n');
  if (start < 0) throw new Error('README.md has no "## Roles" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const rows: RoleRow[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== CALLERS.length + 1) throw new Error(`README Roles: a row needs ${CALLERS.length + 1} cells: ${line}`);
    const keys = [...cells[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((k) => OPERATION_KEY.test(k));
    const allowed = Object.fromEntries(
      CALLERS.map((caller, i) => {
        const cell = cells[i + 1]!;
        if (cell !== 'yes' && cell !== '—') throw new Error(`README Roles: a cell is "yes" or "—", not "${cell}": ${line}`);
        return [caller, cell === 'yes'];
      }),
    ) as Record<Caller, boolean>;
    rows.push({ keys, label: cells[0]!, allowed });
  }
  return rows;
}

/** The row of an operation (in production, or not). */
export function rowOf(rows: RoleRow[], key: string, production = false): RoleRow | undefined {
  return rows.find((r) => r.keys.includes(key) && r.label.includes('in production') === production);
}
