import { describe, expect, it } from 'vitest';
import { describeMerge, mergeOrders, type MergeContent, type MergeOptions, type MergeResult } from '../../src/integration/merge.js';

/**
 * The three-way merge (pure, no database). Every case is run both ways round, merge(a, x, y) and
 * merge(a, y, x): the content must be the same, and the origins mirrored.
 */

const base: MergeContent = {
  status: 'pending',
  customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958' },
  shippingAddress: { fullName: 'Ada Lovelace', line1: '12 St James Square', line2: null, city: 'London', postalCode: 'SW1Y 4JH', countryCode: 'GB' },
  currency: 'GBP',
  lines: [
    { sku: 'BOOK-1', name: 'Notes', quantity: 2, unitPrice: 1999 },
    { sku: 'PEN-7', name: 'Fountain pen', quantity: 1, unitPrice: 4500 },
  ],
  shippingCost: 350,
  note: null,
  deleted: false,
};

type Patch = Partial<Omit<MergeContent, 'customer' | 'shippingAddress'>> & { customer?: Record<string, unknown>; shippingAddress?: Record<string, unknown> };

const edit = (patch: Patch): MergeContent => ({
  ...base,
  ...patch,
  customer: { ...base.customer, ...patch.customer },
  shippingAddress: { ...base.shippingAddress, ...patch.shippingAddress },
});

const mirror = (changes: Record<string, string>) =>
  Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === 'ours' ? 'theirs' : v === 'theirs' ? 'ours' : v]));

/** Merges both ways round; checks they agree; returns the first. */
function both(ours: MergeContent, theirs: MergeContent, options?: MergeOptions): MergeResult {
  const forward = mergeOrders(base, ours, theirs, options);
  const backward = mergeOrders(base, theirs, ours, options);
  expect(backward.ok).toBe(forward.ok);
  if (forward.ok && backward.ok) {
    expect(backward.content).toEqual(forward.content);
    expect(backward.changes).toEqual(mirror(forward.changes));
  } else if (!forward.ok && !backward.ok) {
    expect(backward.conflicts).toEqual(forward.conflicts);
    expect(backward.reason).toBe(forward.reason);
  }
  return forward;
}

const merged = (r: MergeResult) => {
  if (!r.ok) throw new Error(`expected a merge, got a conflict on ${r.conflicts.join(', ')} (${r.reason})`);
  return r;
};

describe('three-way merge of an order', () => {
  it('different top-level fields: each side keeps its change (status from one, note from the other)', () => {
    const r = merged(both(edit({ status: 'paid' }), edit({ note: 'Leave at the door' })));
    expect(r.content).toEqual(edit({ status: 'paid', note: 'Leave at the door' }));
    expect(r.changes).toEqual({ status: 'ours', note: 'theirs' });
  });

  it('inside customer and shippingAddress, field by field: phone on one side, city on the other', () => {
    const r = merged(both(edit({ customer: { phone: '+44 20 0000 0000' } }), edit({ shippingAddress: { city: 'Cambridge' } })));
    expect(r.content.customer.phone).toBe('+44 20 0000 0000');
    expect(r.content.shippingAddress.city).toBe('Cambridge');
    expect(r.changes).toEqual({ 'customer.phone': 'ours', 'shippingAddress.city': 'theirs' });
  });

  it('two fields of the same object changed on different sides merge; the same field with different values conflicts', () => {
    merged(both(edit({ customer: { phone: '+1 555 0100' } }), edit({ customer: { email: 'ada@lovelace.org' } })));
    const r = both(edit({ customer: { email: 'a@one.org' } }), edit({ customer: { email: 'a@two.org' } }));
    expect(r).toEqual({ ok: false, conflicts: ['customer.email'], reason: 'conflict' });
  });

  it('the same field changed to the same value on both sides is no conflict', () => {
    const r = merged(both(edit({ status: 'paid', note: 'x' }), edit({ status: 'paid', shippingCost: 0 })));
    expect(r.content).toEqual(edit({ status: 'paid', note: 'x', shippingCost: 0 }));
    expect(r.changes).toEqual({ status: 'both', note: 'ours', shippingCost: 'theirs' });
  });

  it('the same top-level field changed to different values is a conflict, and nothing is merged', () => {
    expect(both(edit({ status: 'paid', note: 'a' }), edit({ status: 'cancelled' }))).toEqual({ ok: false, conflicts: ['status'], reason: 'conflict' });
  });

  it('a line changed on one side only is merged with a line changed on the other', () => {
    const ours = edit({ lines: [{ ...base.lines[0]!, quantity: 5 }, base.lines[1]!] });
    const theirs = edit({ lines: [base.lines[0]!, { ...base.lines[1]!, unitPrice: 4000 }] });
    const r = merged(both(ours, theirs));
    expect(r.content.lines).toEqual([{ ...base.lines[0]!, quantity: 5 }, { ...base.lines[1]!, unitPrice: 4000 }]);
    expect(r.changes).toEqual({ 'lines.BOOK-1': 'ours', 'lines.PEN-7': 'theirs' });
  });

  it('a line added on one side and another removed on the other', () => {
    const ours = edit({ lines: [...base.lines, { sku: 'INK-3', name: 'Ink', quantity: 3, unitPrice: 300 }] });
    const theirs = edit({ lines: [base.lines[1]!] });
    const r = merged(both(ours, theirs));
    expect(r.content.lines.map((l) => l.sku)).toEqual(['PEN-7', 'INK-3']);
    expect(r.changes).toEqual({ 'lines.BOOK-1': 'theirs', 'lines.INK-3': 'ours' });
  });

  it('lines added on both sides come after the kept ones, by position then SKU, the same both ways round', () => {
    const ours = edit({ lines: [...base.lines, { sku: 'ZED-1', name: 'Zed', quantity: 1, unitPrice: 1 }] });
    const theirs = edit({ lines: [...base.lines, { sku: 'ALPHA-1', name: 'Alpha', quantity: 1, unitPrice: 1 }, { sku: 'BETA-2', name: 'Beta', quantity: 1, unitPrice: 1 }] });
    const r = merged(both(ours, theirs));
    expect(r.content.lines.map((l) => l.sku)).toEqual(['BOOK-1', 'PEN-7', 'ALPHA-1', 'ZED-1', 'BETA-2']);
  });

  it('the same line added on both sides with the same content is one line; with different content a conflict', () => {
    const ink = { sku: 'INK-3', name: 'Ink', quantity: 3, unitPrice: 300 };
    const r = merged(both(edit({ lines: [...base.lines, ink], note: 'n' }), edit({ lines: [...base.lines, ink] })));
    expect(r.content.lines).toEqual([...base.lines, ink]);
    expect(both(edit({ lines: [...base.lines, ink], note: 'n' }), edit({ lines: [...base.lines, { ...ink, quantity: 4 }] }))).toEqual({
      ok: false,
      conflicts: ['lines.INK-3'],
      reason: 'conflict',
    });
  });

  it('the same line changed on both sides to different values is a conflict; removed on one and changed on the other too', () => {
    const ours = edit({ lines: [{ ...base.lines[0]!, quantity: 3 }, base.lines[1]!] });
    expect(both(ours, edit({ lines: [{ ...base.lines[0]!, quantity: 4 }, base.lines[1]!] }))).toEqual({ ok: false, conflicts: ['lines.BOOK-1'], reason: 'conflict' });
    expect(both(ours, edit({ lines: [base.lines[1]!] }))).toEqual({ ok: false, conflicts: ['lines.BOOK-1'], reason: 'conflict' });
  });

  it('a reordering on one side gives the order of the result', () => {
    const ours = edit({ lines: [base.lines[1]!, base.lines[0]!] });
    const theirs = edit({ lines: [{ ...base.lines[0]!, quantity: 9 }, base.lines[1]!] });
    const r = merged(both(ours, theirs));
    expect(r.content.lines).toEqual([base.lines[1]!, { ...base.lines[0]!, quantity: 9 }]);
  });

  it('lines that repeat a SKU are merged only when one side left them alone', () => {
    const twice = edit({ lines: [base.lines[0]!, { ...base.lines[0]!, quantity: 7 }] });
    expect(merged(both(twice, edit({ note: 'n' }))).content.lines).toEqual(twice.lines);
    expect(both(twice, edit({ lines: [base.lines[0]!] }))).toEqual({ ok: false, conflicts: ['lines'], reason: 'duplicate_skus' });
  });

  it('more than 100 lines after the merge is a conflict, not an invalid order', () => {
    const many = (prefix: string) => Array.from({ length: 50 }, (_, i) => ({ sku: `${prefix}-${i}`, name: 'x', quantity: 1, unitPrice: 1 }));
    expect(both(edit({ lines: [...base.lines, ...many('A')] }), edit({ lines: [...base.lines, ...many('B')] }))).toEqual({
      ok: false,
      conflicts: ['lines'],
      reason: 'too_many_lines',
    });
  });

  it("a new currency on one side and new amounts on the other is a conflict (the amounts are in the other's currency)", () => {
    expect(both(edit({ currency: 'EUR' }), edit({ shippingCost: 500 }))).toEqual({ ok: false, conflicts: ['currency'], reason: 'currency' });
    expect(both(edit({ currency: 'EUR' }), edit({ lines: [{ ...base.lines[0]!, unitPrice: 1 }, base.lines[1]!] }))).toEqual({
      ok: false,
      conflicts: ['currency'],
      reason: 'currency',
    });
    // A new currency with a change that is not an amount merges.
    expect(merged(both(edit({ currency: 'EUR' }), edit({ note: 'n' }))).content).toEqual(edit({ currency: 'EUR', note: 'n' }));
  });

  it('per-field overrides: a field that always needs an admin makes any concurrent change of it a conflict', () => {
    expect(both(edit({ status: 'paid' }), edit({ note: 'n' }), { manualFields: ['status'] })).toEqual({ ok: false, conflicts: ['status'], reason: 'manual' });
    expect(both(edit({ customer: { email: 'x@y.org' } }), edit({ note: 'n' }), { manualFields: ['customer'] })).toEqual({
      ok: false,
      conflicts: ['customer'],
      reason: 'manual',
    });
    expect(merged(both(edit({ customer: { phone: '+1 555 0100' } }), edit({ note: 'n' }), { manualFields: ['customer.email'] })).content.note).toBe('n');
  });

  it('deletion on both sides with different other changes merges into a deleted order', () => {
    const r = merged(both(edit({ deleted: true, note: 'gone' }), edit({ deleted: true, status: 'cancelled' })));
    expect(r.content).toEqual(edit({ deleted: true, note: 'gone', status: 'cancelled' }));
  });

  it('describes the merge in words, naming the sides', () => {
    const r = merged(both(edit({ status: 'paid', customer: { phone: '+1 555 0100' } }), edit({ note: 'n', status: 'paid' })));
    expect(describeMerge(r.changes, { ours: 'A', theirs: 'B' })).toBe('customer.phone from A, note from B, status from both');
  });
});
