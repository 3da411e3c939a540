import type { RemoteKind } from './remote-adapter.js';
import { remoteDefinitionSchema, type RemoteDefinition, type RemoteKindSpec } from './remote-definition.js';
import { peerKind } from './peer-adapter.js';
import { restKind } from './rest/rest-settings.js';
import { vendureKind } from './vendure/vendure-settings.js';

/** Each kind's own checks of its settings and credentials; kinds register here (app.ts). */
export const REMOTE_KINDS: Partial<Record<RemoteKind, RemoteKindSpec>> = { peer: peerKind, rest: restKind, vendure: vendureKind };

export function registerKind(spec: RemoteKindSpec): void {
  REMOTE_KINDS[spec.kind] = spec;
}

/** The kinds this build can run. */
export const availableKinds = (): RemoteKind[] => Object.keys(REMOTE_KINDS) as RemoteKind[];

export interface Problem {
  path: string;
  message: string;
}

/** Everything wrong with a definition, each naming its key (`url`, `settings.paths.list`). */
export function checkDefinition(input: unknown, available: RemoteKind[]): Problem[] {
  const parsed = remoteDefinitionSchema.safeParse(input);
  if (!parsed.success) return parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'remote', message: i.message }));
  const definition: RemoteDefinition = parsed.data;
  if (!available.includes(definition.kind)) return [{ path: 'kind', message: `${definition.kind} remotes are not available in this build` }];
  const problems = REMOTE_KINDS[definition.kind]?.check(definition) ?? [];
  if (definition.kind !== 'peer' && !definition.url) problems.unshift({ path: 'url', message: 'is required' });
  return problems;
}
