import { describe, expect, it } from 'vitest';
import { collisionReason, wireMessageSchema } from '../../src/integration/message.js';
import { ST } from '../../src/integration/sync-state.js';

const base = { orderId: '0b6f8d4e-3c1a-4f43-9a55-2f1f3e1b7d10', state: ST.COLLISION, version: 2, base: 1, resolution: false, order: null };

describe('a collision\'s reason on the wire', () => {
  it('travels only with a collision, cut to 500 characters', () => {
    expect(collisionReason({ state: ST.COLLISION, reason: 'collision update/update: note' })).toEqual({ reason: 'collision update/update: note' });
    expect(collisionReason({ state: ST.COLLISION, reason: 'x'.repeat(900) }).reason).toHaveLength(500);
    expect(collisionReason({ state: ST.COLLISION, reason: null })).toEqual({});
    // An error's reason is this side's own failure (a database message, a validation): not sent.
    expect(collisionReason({ state: ST.ERROR, reason: 'order.lines[0].quantity must be positive' })).toEqual({});
    expect(collisionReason({ state: ST.UPD, reason: null })).toEqual({});
  });

  it('is informative: a malformed one is dropped, the message itself is taken', () => {
    expect(wireMessageSchema.parse({ ...base, reason: 'collision update/update: status always needs an admin' }).reason).toBe('collision update/update: status always needs an admin');
    for (const bad of ['x'.repeat(501), 42, { text: 'no' }]) {
      const parsed = wireMessageSchema.safeParse({ ...base, reason: bad });
      expect(parsed.success, JSON.stringify(bad).slice(0, 40)).toBe(true);
      expect(parsed.data?.reason).toBeUndefined();
    }
    expect(wireMessageSchema.parse(base).reason).toBeUndefined();
  });
});
