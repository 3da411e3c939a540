import type { RemoteDefinition } from '../dataProvider';

// The add/edit remote form as pure functions: its values, their checks (the server's rules, so
// that mistakes show before saving), the definition sent to addRemote/updateRemote, and where a
// server error belongs on the form.

export const REMOTE_KINDS = ['peer', 'rest', 'vendure'] as const;
export type RemoteKind = (typeof REMOTE_KINDS)[number];

export type CredentialField = 'token' | 'acceptToken' | 'username' | 'password';

/** The credentials each kind uses, with their words. */
export const CREDENTIAL_FIELDS: Record<RemoteKind, { field: CredentialField; label: string; help: string; secret: boolean }[]> = {
  peer: [
    { field: 'token', label: 'Token we send', help: 'The other instance’s accept token for us (its PEER_ACCEPT_TOKEN)', secret: true },
    { field: 'acceptToken', label: 'Token it sends us', help: 'What the other instance must send when it pushes to us', secret: true },
  ],
  rest: [{ field: 'token', label: 'API token', help: 'Sent as a bearer token to the shop’s API (leave empty if it needs none)', secret: true }],
  vendure: [
    { field: 'username', label: 'User name', help: 'A Vendure administrator allowed to read and write orders', secret: false },
    { field: 'password', label: 'Password', help: 'That administrator’s password', secret: true },
  ],
};

export interface RemoteFormValues {
  name: string;
  kind: RemoteKind;
  url: string;
  label: string;
  paused: boolean;
  credentials: Record<CredentialField, string>;
  /** The kind's settings as JSON text (a REST mapping, a shop's payment method). */
  settings: string;
}

/** A form field, as errors name them: `name`, `url`, `credentials.token`, `settings`. */
export type FormField = 'name' | 'kind' | 'url' | 'label' | 'settings' | `credentials.${CredentialField}`;

export type FormErrors = Partial<Record<FormField, string>> & { form?: string };

const NO_CREDENTIALS: Record<CredentialField, string> = { token: '', acceptToken: '', username: '', password: '' };

export const emptyRemoteForm = (): RemoteFormValues => ({
  name: '',
  kind: 'rest',
  url: '',
  label: '',
  // A new remote starts paused: every order here is queued for it, and the operator resumes it when the mapping is right.
  paused: true,
  credentials: { ...NO_CREDENTIALS },
  settings: '{}',
});

/** The form of an existing remote: credentials are never read back, so they start empty. */
export const formOf = (definition: RemoteDefinition): RemoteFormValues => ({
  name: definition.name,
  kind: (REMOTE_KINDS as readonly string[]).includes(definition.kind) ? (definition.kind as RemoteKind) : 'rest',
  url: definition.url ?? '',
  label: definition.label ?? '',
  paused: definition.paused,
  credentials: { ...NO_CREDENTIALS },
  settings: JSON.stringify(definition.settings ?? {}, null, 2),
});

export const REMOTE_NAME = /^[A-Za-z0-9_-]{1,32}$/;
const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/;

/** The settings text as an object, or why it is not one (with the line and column of a syntax error). */
export function parseSettings(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      return { ok: false, message: `Not valid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}` };
    }
    return { ok: false, message: `Not valid JSON: ${message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'Must be a JSON object: { … }' };
  return { ok: true, value: value as Record<string, unknown> };
}

/** The mistakes the form can see before saving (the server checks the rest, e.g. a REST mapping's keys). */
export function checkRemoteForm(values: RemoteFormValues, mode: 'create' | 'edit'): FormErrors {
  const errors: FormErrors = {};
  if (mode === 'create' && !REMOTE_NAME.test(values.name.trim())) errors.name = 'Use 1 to 32 letters, digits, _ or -';
  const url = values.url.trim();
  if (url && !HTTP_URL.test(url)) errors.url = 'Must be an http(s) URL such as http://localhost:3000';
  if (!url && values.kind !== 'peer') errors.url = 'Required for this kind of remote';
  if (values.label.trim().length > 64) errors.label = 'At most 64 characters';
  const settings = parseSettings(values.settings);
  if (!settings.ok) errors.settings = settings.message;
  return errors;
}

/**
 * The definition for addRemote / updateRemote. Only the credentials of the chosen kind that were
 * typed are sent; none typed on an edit means "keep the stored ones" (the server keeps them while
 * the URL stays the same).
 */
export function toDefinition(values: RemoteFormValues, mode: 'create' | 'edit'): Record<string, unknown> {
  const definition: Record<string, unknown> = { name: values.name.trim(), kind: values.kind };
  const url = values.url.trim();
  if (url) definition.url = url;
  if (values.label.trim()) definition.label = values.label.trim();
  if (mode === 'create') definition.paused = values.paused;
  const credentials = Object.fromEntries(
    CREDENTIAL_FIELDS[values.kind].flatMap(({ field }) => (values.credentials[field].trim() ? [[field, values.credentials[field].trim()]] : [])),
  );
  if (Object.keys(credentials).length) definition.credentials = credentials;
  const settings = parseSettings(values.settings);
  if (settings.ok && Object.keys(settings.value).length) definition.settings = settings.value;
  return definition;
}

/**
 * Where a server error belongs: `url` on URL, `credentials.token` on its field, any key under
 * `settings` (settings.paths.list) on the settings editor with the key named; else on the form.
 */
export function placeServerErrors(fields: Record<string, string>): FormErrors {
  const errors: FormErrors = {};
  for (const [rawPath, message] of Object.entries(fields)) {
    const path = rawPath.replace(/^definition\./, '');
    let field: FormField | 'form';
    if (path === 'name' || path === 'kind' || path === 'url' || path === 'label') field = path;
    else if (path === 'settings' || path.startsWith('settings.')) field = 'settings';
    else if (/^credentials\.(token|acceptToken|username|password)$/.test(path)) field = path as FormField;
    else field = 'form';
    const text = field === 'settings' && path !== 'settings' ? `${path.slice('settings.'.length)}: ${message}` : field === 'form' ? `${path}: ${message}` : message;
    // One message per field: the first the server gave.
    if (!errors[field]) errors[field] = text;
  }
  return errors;
}
