/** Exponential backoff with (equal) jitter, capped: a ceiling of 0.5 s, 1 s, 2 s ... up to 30 s; the wait is random between half the ceiling and the ceiling. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  // Half fixed, half random: spreads retries of many orders without ever retrying at once.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
