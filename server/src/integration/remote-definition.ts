import { z } from 'zod';
import type { RemoteKind } from './remote-adapter.js';

/**
 * A remote as declared in REMOTES_FILE or through GraphQL. The kind's own settings (a REST mapping,
 * a Vendure shop's payment method...) are checked by that kind (see remote-kinds.ts), with messages
 * that name the key, e.g. `remotes[1].settings.paths.list`.
 */
export const REMOTE_NAME = /^[A-Za-z0-9_-]{1,32}$/;

export const remoteDefinitionSchema = z.strictObject({
  name: z.string().regex(REMOTE_NAME, 'must be 1-32 letters, digits, _ or -'),
  kind: z.enum(['peer', 'rest', 'vendure'], { error: 'must be peer, rest or vendure' }),
  /** Optional only for a peer that pushes to us and is not called back. */
  url: z.url('must be an http(s) URL').regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
  /**
   * How we authenticate: a bearer token (peer, rest), or a user name and password (vendure).
   * Only ever sent to `url`: changing the URL without giving credentials again clears them.
   */
  credentials: z
    .strictObject({
      token: z.string().min(1).max(4096).optional(),
      /** A peer's token for calling us (its pushes and feed reads); each peer has its own. */
      acceptToken: z.string().min(1).max(4096).optional(),
      username: z.string().min(1).max(256).optional(),
      password: z.string().min(1).max(4096).optional(),
    })
    .optional(),
  /** Shown in the admin and the log (the peer's instance name, the shop's name). Default: `name`. */
  label: z.string().min(1).max(64).optional(),
  paused: z.boolean().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

export type RemoteDefinition = z.output<typeof remoteDefinitionSchema>;

export interface RemoteKindSpec {
  kind: RemoteKind;
  /** Problems with the kind's settings and credentials, each naming its key relative to the definition (`settings.paths.list`). */
  check(definition: RemoteDefinition): { path: string; message: string }[];
}
