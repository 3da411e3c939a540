import { describe, expect, it } from 'vitest';
import { LongPollWait } from '../../src/integration/long-poll-wait.js';

const HOUR = 3_600_000;

describe('LongPollWait: how long the next long poll waits', () => {
  it('asks for the configured wait while polls are answered', () => {
    const wait = new LongPollWait(50);
    expect(wait.seconds(0)).toBe(50);
    wait.answered();
    expect(wait.seconds(1_000)).toBe(50);
  });

  it('a proxy that ends requests at 30 s: suspected once, confirmed by the second cut, then 24 s for an hour', () => {
    const wait = new LongPollWait(50);
    expect(wait.failed(50, 30.02, 0)).toBe('suspect');
    expect(wait.seconds(0)).toBe(50);
    expect(wait.failed(50, 30.01, 1_000)).toBe('cut');
    expect(wait.seconds(2_000)).toBe(24);
    expect(wait.seconds(1_000 + HOUR - 1)).toBe(24);
    // An hour later the configured wait is tried again (the proxy may be gone).
    expect(wait.seconds(1_000 + HOUR)).toBe(50);
  });

  it('a failure at once, or at the end of the wait, is no cut', () => {
    const wait = new LongPollWait(50);
    expect(wait.failed(50, 0.01, 0)).toBe('failure'); // refused: the remote is down
    expect(wait.failed(50, 49.8, 0)).toBe('failure'); // a slow answer
    expect(wait.failed(50, 65, 0)).toBe('failure'); // our own timeout
    expect(wait.seconds(0)).toBe(50);
  });

  it('the remote restarting mid-poll is one cut: the next poll is answered, the wait stays', () => {
    const wait = new LongPollWait(50);
    expect(wait.failed(50, 12, 0)).toBe('suspect');
    wait.answered();
    expect(wait.failed(50, 12.5, 100_000)).toBe('suspect');
    expect(wait.seconds(100_000)).toBe(50);
  });

  it('cuts at different times are an unsteady connection: a failure, the wait stays', () => {
    const wait = new LongPollWait(50);
    expect(wait.failed(50, 10, 0)).toBe('suspect');
    expect(wait.failed(50, 30, 0)).toBe('failure');
    expect(wait.seconds(0)).toBe(50);
  });

  it('never below 1 s, and a wait that would not get shorter is a failure', () => {
    const wait = new LongPollWait(2);
    expect(wait.failed(2, 1.1, 0)).toBe('suspect');
    expect(wait.failed(2, 1.2, 0)).toBe('cut');
    expect(wait.seconds(0)).toBe(1);
    // At 1 s a poll cannot be cut before its wait is up by our measure: failures as usual.
    expect(wait.failed(1, 1, 0)).toBe('failure');
    const short = new LongPollWait(3);
    expect(short.failed(3, 2.2, 0)).toBe('suspect');
    expect(short.failed(3, 2.3, 0)).toBe('cut');
    expect(short.seconds(0)).toBe(1);
  });
});
