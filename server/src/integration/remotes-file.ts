import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { RemoteKind } from './remote-adapter.js';
import { checkDefinition } from './remote-checks.js';
import type { RemoteDefinition } from './remote-definition.js';

/**
 * REMOTES_FILE: the remotes of this instance, JSON or YAML, `{ remotes: [...] }` or a bare list.
 * `${NAME}` anywhere in a string is replaced by the environment variable NAME (credentials stay out
 * of the file). Every problem is reported with its key: `remotes[1].settings.paths.list: is required`.
 */
export function loadRemotesFile(path: string, env: Record<string, string | undefined>, kinds: RemoteKind[]): { remotes: RemoteDefinition[]; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { remotes: [], problems: [`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] };
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return { remotes: [], problems: [`${path} is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`] };
  }
  const list = Array.isArray(raw) ? raw : (raw as { remotes?: unknown } | null)?.remotes;
  if (!Array.isArray(list)) return { remotes: [], problems: ['must hold a list of remotes (remotes: [...])'] };
  const problems: string[] = [];
  const remotes: RemoteDefinition[] = [];
  const names = new Set<string>();
  list.forEach((item, i) => {
    const missing: string[] = [];
    const expanded = substitute(item, env, missing);
    for (const name of missing) problems.push(`remotes[${i}]: the environment variable ${name} is not set`);
    const found = checkDefinition(expanded, kinds);
    for (const p of found) problems.push(`remotes[${i}].${p.path}: ${p.message}`);
    if (found.length === 0) {
      const definition = expanded as RemoteDefinition;
      if (names.has(definition.name)) problems.push(`remotes[${i}].name: ${definition.name} is declared twice`);
      names.add(definition.name);
      remotes.push(definition);
    }
  });
  return { remotes, problems };
}

function substitute(value: unknown, env: Record<string, string | undefined>, missing: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined || v === '') missing.push(name);
      return v ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, env, missing));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, env, missing)]));
  return value;
}
