import { describe, expect, it } from 'vitest';
import { decide } from '../../src/integration/decide.js';
import { ancestorFor, decideMerge, DEFAULT_MERGE_POLICY, type LocalSide } from '../../src/integration/merge-decision.js';
import type { MergeContent } from '../../src/integration/merge.js';
import { ST } from '../../src/integration/sync-state.js';

/**
 * When a concurrent change may be merged, with which ancestor, into which version (pure; the
 * protocol extension on top of the seed's collision rows).
 */

const v1: MergeContent = {
  status: 'pending',
  customer: { name: 'Ada', email: 'ada@example.com', phone: null },
  shippingAddress: { fullName: 'Ada', line1: '1 Road', line2: null, city: 'London', postalCode: 'N1', countryCode: 'GB' },
  currency: 'GBP',
  lines: [{ sku: 'BOOK-1', name: 'Notes', quantity: 1, unitPrice: 100 }],
  shippingCost: 0,
  note: null,
  deleted: false,
};
const with_ = (patch: Partial<MergeContent>): MergeContent => ({ ...v1, ...patch });

describe('decide: concurrent changes the seed would call collisions', () => {
  const local = { state: ST.UPD, version: 2, base: 1, theirsVersion: null };

  it('UPD against UPD is a collision the merge may reconcile (mergeable)', () => {
    expect(decide(local, { state: ST.UPD, version: 2, base: 1, resolution: false })).toMatchObject({ action: 'collide', mergeable: true });
  });

  it('DEL against DEL too; UPD against DEL and NEW against NEW never', () => {
    expect(decide({ ...local, state: ST.DEL }, { state: ST.DEL, version: 2, base: 1, resolution: false })).toMatchObject({ action: 'collide', mergeable: true });
    expect(decide({ ...local, state: ST.DEL }, { state: ST.UPD, version: 2, base: 1, resolution: false })).toMatchObject({ action: 'collide', mergeable: false });
    expect(decide(local, { state: ST.DEL, version: 2, base: 1, resolution: false })).toMatchObject({ action: 'collide', mergeable: false });
    expect(decide({ ...local, state: ST.NEW, version: 1, base: 0 }, { state: ST.NEW, version: 1, base: 0, resolution: false })).toMatchObject({ action: 'collide', mergeable: false });
  });

  it('the same change made on both sides (same content) is an agreement, not a collision', () => {
    expect(decide(local, { state: ST.UPD, version: 2, base: 1, resolution: false, sameContent: true })).toMatchObject({ action: 'keep', state: ST.OK, base: 2, outcome: 'acknowledged' });
    // Theirs newer: take it; ours newer: keep ours and send it (the peer then takes ours).
    expect(decide(local, { state: ST.UPD, version: 3, base: 1, resolution: false, sameContent: true })).toMatchObject({ action: 'adopt', state: ST.OK, base: 3 });
    expect(decide({ ...local, version: 4 }, { state: ST.UPD, version: 3, base: 1, resolution: false, sameContent: true })).toMatchObject({ action: 'keep', state: ST.UPD, reply: true });
    // Both deleted the same order the same way.
    expect(decide({ ...local, state: ST.DEL }, { state: ST.DEL, version: 2, base: 1, resolution: false, sameContent: true })).toMatchObject({ state: ST.DEL_SYNCED, base: 2 });
    // The same order created identically on both sides.
    expect(decide({ ...local, state: ST.NEW, version: 1, base: 0 }, { state: ST.NEW, version: 1, base: 0, resolution: false, sameContent: true })).toMatchObject({ state: ST.OK, base: 1 });
  });
});

describe('decideMerge: the ancestor, the result and its version', () => {
  const ours = with_({ status: 'paid' });
  const theirs = with_({ note: 'n' });
  const local: LocalSide = { version: 2, base: 1, baseContent: v1, ownVersions: { '2': ours }, content: ours, updatedAt: '2026-01-01T00:00:01.000Z' };

  it("the peer built on our agreed version (or below it): our agreed content is the ancestor", () => {
    expect(ancestorFor(local, 1)).toBe(v1);
    expect(ancestorFor(local, 0)).toBe(v1);
  });

  it('the peer built on one of our own versions it took before its acknowledgement reached us: that version is the ancestor', () => {
    const later: LocalSide = { ...local, version: 3, ownVersions: { '2': ours, '3': with_({ status: 'shipped' }) }, content: with_({ status: 'shipped' }) };
    expect(ancestorFor(later, 2)).toEqual(ours);
    // Our v2 changed the status to paid, our v3 to shipped; the peer took v2 and changed the note.
    const result = decideMerge(later, { version: 3, base: 2, content: with_({ status: 'paid', note: 'n' }), updatedAt: '2026-01-01T00:00:02.000Z' }, DEFAULT_MERGE_POLICY);
    expect(result).toMatchObject({ merged: true, content: with_({ status: 'shipped', note: 'n' }), version: 4 });
  });

  it('an unknown ancestor is left to an admin', () => {
    expect(decideMerge({ ...local, baseContent: null }, { version: 2, base: 1, content: theirs, updatedAt: local.updatedAt }, DEFAULT_MERGE_POLICY)).toEqual({
      merged: false,
      why: 'the version both sides started from is not known here',
    });
    expect(decideMerge(local, { version: 4, base: 3, content: theirs, updatedAt: local.updatedAt }, DEFAULT_MERGE_POLICY)).toMatchObject({ merged: false });
  });

  it('merges into one version above both, at the later edit time, agreeing on their version as the next base', () => {
    const result = decideMerge(local, { version: 2, base: 1, content: theirs, updatedAt: '2026-01-01T00:00:05.000Z' }, DEFAULT_MERGE_POLICY);
    expect(result).toEqual({
      merged: true,
      content: with_({ status: 'paid', note: 'n' }),
      version: 3,
      updatedAt: '2026-01-01T00:00:05.000Z',
      base: 2,
      baseContent: theirs,
      ownVersions: { '3': with_({ status: 'paid', note: 'n' }) },
      changes: { status: 'ours', note: 'theirs' },
    });
  });

  // Seed 204 of the REST model (docs/two-way-sync.md §6): the merge compares states, not edits. A
  // peer that changed a field and changed it back before sending sends one version, equal to the
  // ancestor: that is no change of theirs, and our change of the field is kept, as the REST
  // adapter's read–compare–write keeps it against a shop copy equal to what was agreed.
  it('a change of theirs undone before it was sent (their content equals the ancestor) is no change: ours is kept', () => {
    const result = decideMerge(local, { version: 3, base: 1, content: v1, updatedAt: '2026-01-01T00:00:05.000Z' }, DEFAULT_MERGE_POLICY);
    expect(result).toMatchObject({ merged: true, content: ours, changes: { status: 'ours' } });
  });

  it('two sides merging the same pair on their own reach the same content, version and time', () => {
    const theirSide: LocalSide = { version: 2, base: 1, baseContent: v1, ownVersions: { '2': theirs }, content: theirs, updatedAt: '2026-01-01T00:00:05.000Z' };
    const here = decideMerge(local, { version: 2, base: 1, content: theirs, updatedAt: theirSide.updatedAt }, DEFAULT_MERGE_POLICY);
    const there = decideMerge(theirSide, { version: 2, base: 1, content: ours, updatedAt: local.updatedAt }, DEFAULT_MERGE_POLICY);
    expect(here.merged && there.merged).toBe(true);
    if (here.merged && there.merged) {
      expect(there.content).toEqual(here.content);
      expect(there.version).toBe(here.version);
      expect(there.updatedAt).toBe(here.updatedAt);
    }
  });

  it('the policy: off means every concurrent change is a collision; manual fields need an admin', () => {
    expect(decideMerge(local, { version: 2, base: 1, content: theirs, updatedAt: local.updatedAt }, { enabled: false, manualFields: [] })).toEqual({
      merged: false,
      why: 'automatic merging is off',
    });
    expect(decideMerge(local, { version: 2, base: 1, content: theirs, updatedAt: local.updatedAt }, { enabled: true, manualFields: ['status'] })).toEqual({
      merged: false,
      why: 'status always needs an admin (SYNC_MERGE_MANUAL_FIELDS)',
    });
  });
});
