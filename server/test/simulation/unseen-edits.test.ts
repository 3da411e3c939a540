import { describe, expect, it } from 'vitest';
import { undoneUnseen, type Sighting } from './unseen-edits.js';

const at = (step: number, status: string): Sighting => ({ step, values: new Map([['status', JSON.stringify(status)]]) });

describe('undoneUnseen: a shop edit undone between two of our sightings of the order', () => {
  // Seed 204: read at step 44 (pending), the staff set delivered (49), then "new" = pending (55); next read at the settle (60).
  it('classifies the edit that put back the value of the previous sighting', () => {
    expect(undoneUnseen({ path: 'status', step: 55 }, [at(30, 'pending'), at(44, 'pending'), at(60, 'pending')])).toBe(true);
  });

  it('does not when a sighting in between showed the intermediate value', () => {
    expect(undoneUnseen({ path: 'status', step: 55 }, [at(44, 'pending'), at(52, 'delivered'), at(60, 'pending')])).toBe(false);
  });

  it('does not when our own write set the field in between (the staff edit changed what the shop held)', () => {
    expect(undoneUnseen({ path: 'status', step: 55 }, [at(44, 'pending'), at(50, 'shipped'), at(60, 'pending')])).toBe(false);
  });

  it('does not when the order was never read before the edit, or never again after it', () => {
    expect(undoneUnseen({ path: 'status', step: 55 }, [at(60, 'pending')])).toBe(false);
    expect(undoneUnseen({ path: 'status', step: 55 }, [at(44, 'pending')])).toBe(false);
  });

  it('looks only at the lost field', () => {
    const s = (step: number, status: string, note: string): Sighting => ({ step, values: new Map([['status', status], ['note', note]]) });
    expect(undoneUnseen({ path: 'note', step: 55 }, [s(44, 'a', 'x'), s(60, 'a', 'y')])).toBe(false);
  });
});
