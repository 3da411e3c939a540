import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instances.js';

describe.each(DRIVERS)('GET /healthz ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver);
  });
  afterAll(async () => instance?.stop());

  it.skipIf(skip)('answers without a token with the instance name, database status and version', async () => {
    const res = await fetch(`${instance.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      instance: 'T',
      database: { driver, status: 'up' },
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });
});
