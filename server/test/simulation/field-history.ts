import { canonicalJson } from '../../src/shared/canonical-json.js';
import type { Order } from '../../src/orders/order.types.js';

/**
 * The fault simulation's record of every accepted edit, field by field, and its invariant: in an
 * order that is not left in collision, each field holds the value of the latest edit of that field
 * (no accepted edit of a field is lost unless a later edit of the same field replaced it).
 *
 * Fields are the paths a merge tells apart: the top-level values, each field of `customer` and
 * `shippingAddress`, and the lines of each SKU.
 */

const ABSENT = '(absent)';

export function fieldValues(order: Order): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of ['status', 'currency', 'shippingCost', 'note', 'deleted'] as const) out.set(f, canonicalJson(order[f]));
  for (const [key, value] of Object.entries(order.customer)) out.set(`customer.${key}`, canonicalJson(value));
  for (const [key, value] of Object.entries(order.shippingAddress)) out.set(`shippingAddress.${key}`, canonicalJson(value));
  const bySku = new Map<string, unknown[]>();
  for (const line of order.lines) bySku.set(line.sku, [...(bySku.get(line.sku) ?? []), line]);
  for (const [sku, lines] of bySku) out.set(`lines.${sku}`, canonicalJson(lines));
  return out;
}

interface FieldEdit {
  step: number;
  side: string;
  value: string;
}

/** A field whose latest edit is not in the final order: which edit, and the problem in words. */
export interface LostEdit extends FieldEdit {
  path: string;
  problem: string;
}

export class FieldHistory {
  private readonly latest = new Map<string, Map<string, FieldEdit>>();
  /** Every recorded edit, in order, for the replay's story of an order. */
  readonly edits: { orderId: string; step: number; side: string; version: number; changed: Record<string, string> }[] = [];

  /**
   * An accepted edit at `step` on `side`, from `before` (null: a creation) to `after`. With `all`
   * (an admin's resolution), every field counts as decided, changed or not.
   */
  record(step: number, side: string, before: Order | null, after: Order, all = false): void {
    const fields = this.latest.get(after.id) ?? new Map<string, FieldEdit>();
    const old = before ? fieldValues(before) : new Map<string, string>();
    const now = fieldValues(after);
    const changed: Record<string, string> = {};
    // A resolution also decides the fields the other side's copy had and this one lacks (a line only there).
    for (const path of new Set([...old.keys(), ...now.keys(), ...(all ? fields.keys() : [])])) {
      const value = now.get(path) ?? ABSENT;
      if (all || !before || (old.get(path) ?? ABSENT) !== value) {
        fields.set(path, { step, side, value });
        changed[path] = value;
      }
    }
    this.latest.set(after.id, fields);
    this.edits.push({ orderId: after.id, step, side, version: after.version, changed });
  }

  /** Fields of `final` that do not hold their latest edit's value. */
  lost(final: Order): string[] {
    return this.lostEdits(final).map((l) => l.problem);
  }

  /** The same, with the field, the edit that was lost and its side (for the models that classify some losses). */
  lostEdits(final: Order): LostEdit[] {
    const fields = this.latest.get(final.id);
    if (!fields) return [];
    const now = fieldValues(final);
    const out: LostEdit[] = [];
    for (const [path, edit] of fields) {
      const value = now.get(path) ?? ABSENT;
      if (value !== edit.value) out.push({ path, ...edit, problem: `${path} is ${value}, but the latest edit (step ${edit.step} on ${edit.side}) set ${edit.value}` });
    }
    return out;
  }
}
