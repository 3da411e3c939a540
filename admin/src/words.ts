import type { OrderStatus, SyncLogEntry, SyncRunState, SyncStateName } from './dataProvider/model';

// Plain words for operators. The seed's names and codes (ST_UPD = 2, ...) stay available to a
// technical reader (tooltips and "Technical details" panels), never as the only words.

/** How a state or outcome looks: the colour is never the only signal (each tone has its icon). */
export type Tone = 'ok' | 'waiting' | 'problem' | 'neutral' | 'paused';

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending',
  paid: 'Paid',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export const statusLabel = (status: string | null | undefined): string =>
  status ? (STATUS_LABELS[status as OrderStatus] ?? status) : '—';

export interface SyncStateWords {
  label: string;
  /** One sentence, with "the other side" filled in by the caller. */
  describe(other: string): string;
  /** The seed's code (ST_UPD = 2). */
  code: number;
  tone: Tone;
}

export const SYNC_STATE_WORDS: Record<SyncStateName, SyncStateWords> = {
  OK: { label: 'In sync', code: 3, tone: 'ok', describe: (o) => `${o} has this version.` },
  NEW: { label: 'New, waiting to be sent', code: 1, tone: 'waiting', describe: (o) => `Created here; ${o} has not confirmed it yet.` },
  UPD: { label: 'Waiting to be sent', code: 2, tone: 'waiting', describe: (o) => `Changed here; ${o} has not confirmed the change yet.` },
  DEL: { label: 'Deletion waiting to be sent', code: 4, tone: 'waiting', describe: (o) => `Deleted here; ${o} has not confirmed it yet.` },
  DEL_SYNCED: { label: 'Deleted on both sides', code: 5, tone: 'neutral', describe: (o) => `Deleted here and on ${o}.` },
  COLLISION: { label: 'Changed on both sides', code: 6, tone: 'problem', describe: (o) => `Changed here and on ${o} at the same time: choose what to keep.` },
  ERROR: { label: 'Sync error', code: 7, tone: 'problem', describe: (o) => `A message from ${o} did not fit this order's state: choose what to keep.` },
  ERROR_SYNCED: { label: 'Sync error (both sides know)', code: 8, tone: 'problem', describe: (o) => `Both this side and ${o} hold this order in error: choose what to keep.` },
  SYNC: { label: 'Being applied', code: 9, tone: 'neutral', describe: (o) => `A message from ${o} is being applied.` },
};

/** "ST_UPD = 2": the seed's name and code of a state. */
export const seedName = (state: SyncStateName): string => `ST_${state} = ${SYNC_STATE_WORDS[state].code}`;

export const RUN_STATE_WORDS: Record<SyncRunState, { label: string; tone: Tone; describe: string }> = {
  running: { label: 'Running', tone: 'ok', describe: 'Changes are sent at once and the other side is followed continuously.' },
  paused: { label: 'Paused', tone: 'paused', describe: 'Paused on purpose: changes here wait in the outbox until the sync is resumed.' },
  backing_off: { label: 'Retrying', tone: 'problem', describe: 'The other side did not answer or refused; the sync tries again at growing intervals.' },
  peer_paused: { label: 'Other side paused', tone: 'paused', describe: 'The other side paused its sync on purpose: changes here wait in the outbox until it resumes.' },
  not_configured: { label: 'Not set up', tone: 'neutral', describe: 'No remote URL or token: nothing is sent or received.' },
};

/** A log entry's outcome in words. Unknown outcomes (a newer server) get neutral words. */
export const OUTCOME_WORDS: Record<string, { label: string; tone: Tone }> = {
  applied: { label: 'Taken in', tone: 'ok' },
  acknowledged: { label: 'Confirmed', tone: 'ok' },
  delivered: { label: 'Delivered', tone: 'ok' },
  resolved: { label: 'Resolved', tone: 'ok' },
  merged: { label: 'Merged automatically', tone: 'ok' },
  duplicate: { label: 'Repeat, nothing to do', tone: 'neutral' },
  stale: { label: 'Out of date, ignored', tone: 'neutral' },
  paused: { label: 'Held: sync paused', tone: 'paused' },
  failed: { label: 'Not delivered, will retry', tone: 'waiting' },
  collision: { label: 'Changed on both sides', tone: 'problem' },
  error: { label: 'Sync error', tone: 'problem' },
  error_synced: { label: 'Sync error (both sides know)', tone: 'problem' },
  rejected: { label: 'Refused', tone: 'problem' },
  dead: { label: 'Given up (dead letter)', tone: 'problem' },
};

export const outcomeWords = (outcome: string): { label: string; tone: Tone } =>
  OUTCOME_WORDS[outcome] ?? { label: `Other (${outcome.replace(/_/g, ' ')})`, tone: 'neutral' };

/**
 * A pause is not a failure. Servers that log a refused attempt because the other side paused the
 * sync as `failed` ("peer answered 503: The sync of this instance is paused") are read as `paused`,
 * as newer servers log it.
 */
export const PAUSED_BY_PEER = /\b503\b.*\bpaused\b|SYNC_PAUSED|sync of this instance is paused/i;

export function effectiveOutcome(entry: { outcome: string; detail?: string | null }): string {
  return entry.outcome === 'failed' && PAUSED_BY_PEER.test(entry.detail ?? '') ? 'paused' : entry.outcome;
}

/** Why the sync put an order in collision or error (the rule it recorded), in words. */
const REASONS: [RegExp, string][] = [
  // Why an automatic merge was not possible (the server's merge-decision.ts), before the generic rules.
  [/both sides changed (.+) differently/, 'Both sides changed the same field ($1) to different values.'],
  [/always needs an admin/, 'A field that always needs an admin (set in SYNC_MERGE_MANUAL_FIELDS) changed while both sides edited the order.'],
  [/currency changed on one side and amounts on the other/, 'One side changed the currency while the other changed amounts.'],
  [/repeat a SKU/, 'Both sides changed items that share a SKU.'],
  [/more than 100 lines/, 'Merging both sides’ items would give more than 100 items.'],
  [/automatic merging is off/, 'Both sides changed the order before either had heard of the other’s change (automatic merging is off).'],
  [/collision update\/update|concurrent changes/, 'Both sides changed the order before either had heard of the other’s change.'],
  [/collision update\/delete|collision delete\/update/, 'One side changed the order while the other deleted it.'],
  [/collision delete\/delete/, 'Both sides deleted the order at the same time.'],
  [/uuid collision/, 'Both sides created an order with the same id.'],
  [/never had, ours unsent/, 'The other side confirmed a version this side never had, while this side had a change not yet sent.'],
  [/collision report about a newer version|collision synced/, 'The other side reported that the order changed on both sides.'],
  [/in collision \(re-learn\)/, 'The other side holds this order as changed on both sides.'],
  [/error known to the peer|an error arrived|error synced/, 'The other side reported a sync error for this order.'],
  [/invalid state|impossible combination/, 'A message arrived that does not fit the order’s sync state.'],
];

export function reasonWords(reason: string | null | undefined): string | null {
  if (!reason) return null;
  const found = REASONS.find(([pattern]) => pattern.test(reason));
  if (!found) return 'The sync recorded a reason (see the technical details).';
  const fields = found[0].exec(reason)?.[1];
  return found[1].replace('$1', fields ? fields.split(', ').map(fieldWords).join(', ') : '');
}

const FIELD_WORDS: Record<string, string> = {
  status: 'status',
  currency: 'currency',
  shippingCost: 'shipping cost',
  note: 'note',
  deleted: 'deletion',
  lines: 'items',
  customer: 'customer',
  'customer.name': 'customer name',
  'customer.email': 'customer email',
  'customer.phone': 'customer phone',
  shippingAddress: 'shipping address',
  'shippingAddress.fullName': 'recipient',
  'shippingAddress.line1': 'address line 1',
  'shippingAddress.line2': 'address line 2',
  'shippingAddress.city': 'city',
  'shippingAddress.postalCode': 'postal code',
  'shippingAddress.countryCode': 'country',
};

/** A field path of the sync (status, customer.phone, lines.PEN-7) in an operator's words. */
export function fieldWords(path: string): string {
  if (path.startsWith('lines.')) return `item ${path.slice('lines.'.length)}`;
  return FIELD_WORDS[path] ?? path;
}

/** "UPD v5 b4 · OK → COLLISION · push: collision update/update": what a developer reads. */
export function technicalText(entry: Pick<SyncLogEntry, 'messageState' | 'version' | 'base' | 'stateBefore' | 'stateAfter' | 'outcome' | 'detail'>): string {
  const message = [entry.messageState ? seedName(entry.messageState) : null, entry.version !== null ? `v${entry.version}` : null, entry.base !== null ? `base ${entry.base}` : null]
    .filter(Boolean)
    .join(' ');
  const states = `${entry.stateBefore ?? '—'} → ${entry.stateAfter ?? '—'}`;
  return [message, states, `outcome ${entry.outcome}`, entry.detail].filter(Boolean).join(' · ');
}

/** A sync log entry as a sentence, naming the other side (its instance name, or "the other side"). */
export function logSentence(entry: Pick<SyncLogEntry, 'direction' | 'version' | 'outcome' | 'detail' | 'stateAfter'>, other: string): string {
  const version = entry.version !== null ? `version ${entry.version}` : 'a message';
  const outcome = effectiveOutcome(entry);
  const after = entry.stateAfter ? SYNC_STATE_WORDS[entry.stateAfter]?.label.toLowerCase() : null;
  if (entry.direction === 'out') {
    switch (outcome) {
      case 'delivered': {
        const their = /^peer: (\w+)/.exec(entry.detail ?? '')?.[1];
        return `Sent ${version} to ${other}${their ? `; ${other}: ${outcomeWords(their).label.toLowerCase()}` : ''}.`;
      }
      case 'failed':
        return `Could not send ${version} to ${other}; it will be sent again.`;
      case 'paused':
        return PAUSED_BY_PEER.test(entry.detail ?? '')
          ? `Held ${version}: ${other} has paused the sync; it will be sent when ${other} resumes.`
          : `Held ${version}: the sync is paused; it will be sent on resume.`;
      case 'dead':
        return `Gave up sending ${version}: ${other} refused it. It waits under Dead letters on the Sync page.`;
      default:
        return `Sending ${version} to ${other}: ${outcomeWords(entry.outcome).label.toLowerCase()}.`;
    }
  }
  if (entry.direction === 'in') {
    switch (entry.outcome) {
      case 'applied':
        return `Received ${version} from ${other} and took it in${after ? ` (${after})` : ''}.`;
      case 'acknowledged':
        return `${other} confirmed it has ${version}.`;
      case 'duplicate':
        return `Received ${version} from ${other} again: nothing to do.`;
      case 'stale':
        return `Received an older ${version} from ${other}: ignored.`;
      case 'collision':
        return `Received ${version} from ${other}, but the order changed here too: changed on both sides.`;
      case 'merged':
        return `Received ${version} from ${other} while the order had changed here too, on other fields: merged both automatically${/into v(\d+)/.exec(entry.detail ?? '') ? ` into version ${/into v(\d+)/.exec(entry.detail ?? '')![1]}` : ''}.`;
      case 'resolved':
        return `Received the resolution (${version}) from ${other} and took it in.`;
      case 'error':
        return `Received ${version} from ${other}, which does not fit this order's state: sync error.`;
      case 'error_synced':
        return `${other} reported a sync error for this order.`;
      case 'rejected':
        return `Refused a message from ${other}: it was not valid.`;
      case 'paused':
        return `Did not take in ${version} from ${other}: the sync is paused.`;
      default:
        return `Received ${version} from ${other}: ${outcomeWords(entry.outcome).label.toLowerCase()}.`;
    }
  }
  if (entry.outcome === 'resolved') return `Resolved here as ${version}; it goes to ${other}.`;
  return `${version[0]!.toUpperCase()}${version.slice(1)}: ${outcomeWords(entry.outcome).label.toLowerCase()}.`;
}

/** The kinds of remote, in words (what the other system is). */
export const REMOTE_KIND_WORDS: Record<string, { label: string; describe: string }> = {
  peer: { label: 'Another copy of this service', describe: 'An Orders service like this one, synced through its REST Orders API and sync feed.' },
  rest: { label: 'REST shop API', describe: 'A plain Orders REST API (an e-shop), described by a mapping in the settings.' },
  vendure: { label: 'Vendure shop', describe: 'A Vendure shop, through its Admin API.' },
};

export const remoteKindLabel = (kind: string): string => REMOTE_KIND_WORDS[kind]?.label ?? kind;

/**
 * Why an order is in ERROR with a remote, in words. The engine's own rules have sentences above;
 * a remote's refusal (a shop order that cannot be mapped, a field it rejects) is already a sentence
 * naming the field, so it is shown as it is, after saying whose copy it was.
 */
export function errorReasonWords(reason: string | null | undefined, remoteLabel: string): string | null {
  if (!reason) return null;
  if (REASONS.some(([pattern]) => pattern.test(reason))) return reasonWords(reason);
  const text = reason.trim().replace(/\.$/, '');
  return `${remoteLabel}’s copy of this order could not be taken in: ${text}.`;
}

/** A remote's last problem (the runner's lastError) in words; the raw text stays for the tooltip. */
export function problemWords(lastError: string | null | undefined, remoteLabel: string): string | null {
  if (!lastError) return null;
  if (PAUSED_BY_PEER.test(lastError)) return `${remoteLabel} has paused the sync on its side: changes wait here until it resumes.`;
  if (/ECONNREFUSED|fetch failed|ENOTFOUND|EHOSTUNREACH|unreachable|socket hang up|ECONNRESET/i.test(lastError))
    return `${remoteLabel} cannot be reached: nothing answered at its URL. The sync keeps trying.`;
  if (/timed? ?out|timeout|aborted/i.test(lastError)) return `${remoteLabel} did not answer in time. The sync keeps trying.`;
  if (/\b(401|403)\b|unauthori[sz]ed|forbidden|token/i.test(lastError)) return `${remoteLabel} refused our credentials: check the token (or user name and password) on Edit.`;
  if (/\b404\b/.test(lastError)) return `${remoteLabel} answered “not found”: check its URL and, for a shop, the mapping’s paths.`;
  const status = /\b(5\d\d)\b/.exec(lastError)?.[1];
  if (status) return `${remoteLabel} had a failure of its own (HTTP ${status}). The sync keeps trying.`;
  return `${remoteLabel}: ${lastError}`;
}
