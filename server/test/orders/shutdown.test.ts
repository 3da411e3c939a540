import { describe, expect, it } from 'vitest';
import { DRIVERS } from '../support/databases.js';
import { startTestInstance, TEST_API_TOKEN } from '../support/instances.js';

/**
 * Stopping a server while a client holds a long poll of the change feed (the peer always does):
 * the poll is answered at once and the server is gone in moments, not after the keep-alive timeout.
 */
describe.each(DRIVERS)('shutdown with a long poll open ($driver)', ({ driver, skip }) => {
  it.skipIf(skip)('answers the open poll and stops within 2 s', async () => {
    const instance = await startTestInstance(driver);
    // A keep-alive connection (fetch's default) holding a 30 s long poll.
    const poll = fetch(`${instance.url}/api/orders?wait=30`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await instance.stop();
    const stoppedMs = Date.now() - started;
    const res = await poll;
    expect(res.status).toBe(200);
    expect((await res.json()).orders).toEqual([]);
    expect(stoppedMs).toBeLessThan(2_000);
  });
});
