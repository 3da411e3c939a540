import type { OrderLine } from '../orders/order.types.js';
import { canonicalJson } from '../shared/canonical-json.js';

/**
 * The three-way merge of two concurrent versions of one order: what both sides last agreed on (the
 * ancestor), ours and theirs. Pure, and symmetric: merge(a, x, y) and merge(a, y, x) give the same
 * content, so two sides that merge the same pair on their own reach the same result.
 *
 * - Top-level fields: a field changed on one side only takes that side's value.
 * - `customer` and `shippingAddress`: the same, field by field inside them.
 * - `lines`: matched by SKU; a line changed, added or removed on one side only is merged.
 * - The same field (or line) changed to the same value on both sides is no conflict.
 * - Anything else (the same field, different values) is a conflict: nothing is merged.
 * - A change of `currency` on one side and of any amount on the other is a conflict too: amounts
 *   are in the order's currency, so neither side's amounts can be trusted in the other's currency.
 */

export type MergeContent = {
  status: string;
  customer: Record<string, unknown>;
  shippingAddress: Record<string, unknown>;
  currency: string;
  lines: OrderLine[];
  shippingCost: number;
  note: string | null;
  deleted: boolean;
};

/** Where a merged field came from; `both` when the two sides made the same change. */
export type Origin = 'ours' | 'theirs' | 'both';

export interface MergeOptions {
  /**
   * Field paths that always need an admin when both sides changed the order concurrently and this
   * field changed on either side: `status`, `note`, `customer` (or `customer.email`), `lines`...
   */
  manualFields?: readonly string[];
}

export type MergeResult =
  | {
      ok: true;
      content: MergeContent;
      /** Every field path that changed on at least one side, and from which. */
      changes: Record<string, Origin>;
    }
  | {
      ok: false;
      /** The paths changed on both sides to different values (or needing an admin), for the reason shown. */
      conflicts: string[];
      reason: 'conflict' | 'manual' | 'currency' | 'duplicate_skus' | 'too_many_lines';
    };

/** Every field path a merge tells apart, e.g. for SYNC_MERGE_MANUAL_FIELDS. */
export const MERGE_FIELD_PATHS = [
  'status',
  'customer',
  'customer.name',
  'customer.email',
  'customer.phone',
  'shippingAddress',
  'shippingAddress.fullName',
  'shippingAddress.line1',
  'shippingAddress.line2',
  'shippingAddress.city',
  'shippingAddress.postalCode',
  'shippingAddress.countryCode',
  'currency',
  'lines',
  'shippingCost',
  'note',
  'deleted',
] as const;

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

const SCALARS = ['status', 'currency', 'shippingCost', 'note', 'deleted'] as const;
const NESTED = ['customer', 'shippingAddress'] as const;
const MAX_LINES = 100;

type Collect = { changes: Record<string, Origin>; conflicts: string[] };

/** One value: ours, theirs, or (same change, or unchanged) either; records where it came from. */
function pick<T>(path: string, ancestor: T, ours: T, theirs: T, out: Collect): T {
  if (same(ours, theirs)) {
    if (!same(ours, ancestor)) out.changes[path] = 'both';
    return ours;
  }
  if (same(ours, ancestor)) {
    out.changes[path] = 'theirs';
    return theirs;
  }
  if (same(theirs, ancestor)) {
    out.changes[path] = 'ours';
    return ours;
  }
  out.conflicts.push(path);
  return ours;
}

function mergeObject(path: string, ancestor: Record<string, unknown>, ours: Record<string, unknown>, theirs: Record<string, unknown>, out: Collect) {
  const keys = [...new Set([...Object.keys(ancestor), ...Object.keys(ours), ...Object.keys(theirs)])].sort();
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const value = pick(`${path}.${key}`, ancestor[key] ?? null, ours[key] ?? null, theirs[key] ?? null, out);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

const skus = (lines: OrderLine[]) => lines.map((l) => l.sku);
const hasDuplicates = (lines: OrderLine[]) => new Set(skus(lines)).size !== lines.length;

/**
 * Lines matched by SKU. The order of the result: the side whose sequence of SKUs changed gives it
 * (when only one did), otherwise the ancestor's; lines that side does not hold (added by the other)
 * follow, by their position on their own side, then SKU. Neither rule depends on which side is "ours".
 */
function mergeLines(ancestor: OrderLine[], ours: OrderLine[], theirs: OrderLine[], out: Collect): OrderLine[] | 'duplicate_skus' {
  if (same(ours, theirs)) {
    if (!same(ours, ancestor)) out.changes.lines = 'both';
    return ours;
  }
  if (same(ours, ancestor)) {
    out.changes.lines = 'theirs';
    return theirs;
  }
  if (same(theirs, ancestor)) {
    out.changes.lines = 'ours';
    return ours;
  }
  // Both sides changed the lines: line by line, which needs each SKU at most once on each side.
  if (hasDuplicates(ancestor) || hasDuplicates(ours) || hasDuplicates(theirs)) return 'duplicate_skus';
  const bySku = (lines: OrderLine[]) => new Map(lines.map((l, i) => [l.sku, { line: l, index: i }]));
  const [a, o, t] = [bySku(ancestor), bySku(ours), bySku(theirs)];
  const kept = new Map<string, OrderLine>();
  for (const sku of new Set([...a.keys(), ...o.keys(), ...t.keys()])) {
    const line = pick(`lines.${sku}`, a.get(sku)?.line ?? null, o.get(sku)?.line ?? null, t.get(sku)?.line ?? null, out);
    if (line) kept.set(sku, line);
  }
  const oursMoved = !same(skus(ours), skus(ancestor));
  const theirsMoved = !same(skus(theirs), skus(ancestor));
  const skeleton = oursMoved && !theirsMoved ? ours : theirsMoved && !oursMoved ? theirs : ancestor;
  const placed = skeleton.map((l) => l.sku).filter((sku) => kept.has(sku));
  const inSkeleton = new Set(placed);
  const rest = [...kept.keys()]
    .filter((sku) => !inSkeleton.has(sku))
    .map((sku) => ({ sku, index: o.get(sku)?.index ?? t.get(sku)?.index ?? 0 }))
    .sort((x, y) => x.index - y.index || (x.sku < y.sku ? -1 : x.sku > y.sku ? 1 : 0))
    .map((x) => x.sku);
  return [...placed, ...rest].map((sku) => kept.get(sku)!);
}

/** Paths changed between two versions (top level, and inside customer/shippingAddress). */
function changedPaths(from: MergeContent, to: MergeContent): string[] {
  const out: string[] = [];
  for (const f of SCALARS) if (!same(from[f], to[f])) out.push(f);
  for (const f of NESTED) {
    for (const key of new Set([...Object.keys(from[f]), ...Object.keys(to[f])])) {
      if (!same(from[f][key] ?? null, to[f][key] ?? null)) out.push(`${f}.${key}`);
    }
  }
  if (!same(from.lines, to.lines)) out.push('lines');
  return out;
}

const AMOUNTS = (paths: string[]) => paths.some((p) => p === 'shippingCost' || p === 'lines');

export function mergeOrders(ancestor: MergeContent, ours: MergeContent, theirs: MergeContent, options: MergeOptions = {}): MergeResult {
  const oursChanged = changedPaths(ancestor, ours);
  const theirsChanged = changedPaths(ancestor, theirs);

  const manual = (options.manualFields ?? []).filter((field) =>
    [...oursChanged, ...theirsChanged].some((p) => p === field || p.startsWith(`${field}.`) || field.startsWith(`${p}.`)),
  );
  if (manual.length && !same(ours, theirs)) return { ok: false, conflicts: [...new Set(manual)].sort(), reason: 'manual' };

  // Amounts are in the order's currency: one side's new currency with the other's new amounts is
  // a combination nobody entered.
  const movesCurrency = (changed: string[]) => changed.includes('currency');
  if ((movesCurrency(oursChanged) && !movesCurrency(theirsChanged) && AMOUNTS(theirsChanged)) || (movesCurrency(theirsChanged) && !movesCurrency(oursChanged) && AMOUNTS(oursChanged))) {
    return { ok: false, conflicts: ['currency'], reason: 'currency' };
  }

  const out: Collect = { changes: {}, conflicts: [] };
  const content = {} as MergeContent;
  for (const f of SCALARS) (content as Record<string, unknown>)[f] = pick(f, ancestor[f], ours[f], theirs[f], out);
  for (const f of NESTED) content[f] = mergeObject(f, ancestor[f], ours[f], theirs[f], out);
  const lines = mergeLines(ancestor.lines, ours.lines, theirs.lines, out);
  if (lines === 'duplicate_skus') return { ok: false, conflicts: ['lines'], reason: 'duplicate_skus' };
  content.lines = lines;
  if (out.conflicts.length) return { ok: false, conflicts: out.conflicts.sort(), reason: 'conflict' };
  if (content.lines.length === 0 || content.lines.length > MAX_LINES) return { ok: false, conflicts: ['lines'], reason: 'too_many_lines' };
  return { ok: true, content, changes: out.changes };
}

/** "status from A, note from B, lines.PEN-7 from both": the merge in words, for the log and the admin. */
export function describeMerge(changes: Record<string, Origin>, names: { ours: string; theirs: string }): string {
  const from = (o: Origin) => (o === 'both' ? 'both' : o === 'ours' ? names.ours : names.theirs);
  const parts = Object.keys(changes)
    .sort()
    .map((path) => `${path} from ${from(changes[path]!)}`);
  return parts.length ? parts.join(', ') : 'nothing changed';
}
