/**
 * The REST model's second undetectable loss (docs/two-way-sync.md §6, seed 204): a shop edit undone
 * in the shop before we read the order again. A plain shop shows only its current copy; if the
 * staff change a field and change it back (in our terms: "new" and "awaiting_payment" are both
 * pending) between two of our sightings of the order, no read could show that anything happened,
 * and our pending change of that field is written over the restored value as over an untouched
 * one. The three-way merge takes the same view everywhere (a peer's two edits that cancel out reach
 * us as one version equal to the ancestor), so the model classifies such a loss instead of failing.
 *
 * Pure, so that the classification itself is tested (unseen-edits.test.ts).
 */

/** One copy of a shop order as our client saw it (a GET's answer) or left it (our write), in our terms. */
export interface Sighting {
  step: number;
  /** Field path → canonical value, as `fieldValues` gives them. */
  values: Map<string, string>;
}

const ABSENT = '(absent)';

/**
 * Whether a lost shop edit of `path` made at `step` was undone before anything could see it: the
 * sighting just before the edit and the first one after it hold the same value of that field.
 * Without a sighting on both sides (never read, or never read again) it is not classified: such a
 * loss stays a failure of the model.
 */
export function undoneUnseen(lost: { path: string; step: number }, sightings: readonly Sighting[]): boolean {
  let before: Sighting | undefined;
  let after: Sighting | undefined;
  for (const s of sightings) {
    if (s.step < lost.step && (!before || s.step >= before.step)) before = s;
    if (s.step > lost.step && (!after || s.step < after.step)) after = s;
  }
  if (!before || !after) return false;
  return (before.values.get(lost.path) ?? ABSENT) === (after.values.get(lost.path) ?? ABSENT);
}
