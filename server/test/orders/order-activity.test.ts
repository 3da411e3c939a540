import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityHours, countsByBucket } from '../../src/orders/order.activity.js';
import { HOUR_MS, hourBucket, lastHours } from '../../src/shared/hour-buckets.js';
import { DRIVERS } from '../support/databases.js';
import { sampleOrder, startTestInstance, type TestInstance } from '../support/instances.js';

describe('hour buckets (pure)', () => {
  it('counts whole hours since the epoch, the current hour last', () => {
    const now = new Date('2026-11-30T12:34:56Z');
    expect(hourBucket(now)).toBe(Math.floor(now.getTime() / HOUR_MS));
    const hours = lastHours(now, 3);
    expect(hours.map((b) => new Date(b * HOUR_MS).toISOString())).toEqual([
      '2026-11-30T10:00:00.000Z',
      '2026-11-30T11:00:00.000Z',
      '2026-11-30T12:00:00.000Z',
    ]);
  });

  it('fills the hours without rows with zeros', () => {
    const buckets = [10, 11, 12];
    const result = activityHours(buckets, countsByBucket([{ bucket: 11, n: 4 }]), countsByBucket([{ bucket: 12, n: 2 }]));
    expect(result.map((h) => [h.created, h.changed])).toEqual([
      [0, 0],
      [4, 0],
      [0, 2],
    ]);
  });
});

describe.each(DRIVERS)('orderActivity ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver, {}, { startSync: false });
  });
  afterAll(async () => {
    await instance?.stop();
  });

  it.skipIf(skip)('counts orders created and changed per hour, the last 24 hours', async () => {
    const created: { id: string; version: number }[] = [];
    for (let i = 0; i < 3; i++) created.push((await (await instance.api('/api/orders', { method: 'POST', json: sampleOrder() })).json()) as { id: string; version: number });
    const changed = await instance.api(`/api/orders/${created[0]!.id}`, { method: 'PUT', json: { version: 1, status: 'paid' } });
    expect(changed.status).toBe(200);
    // One order made two hours ago and one made two days ago (outside the window).
    await instance.database.db.execute(sql`update orders set created_at = now() - interval '2 hours', updated_at = now() - interval '2 hours' where id = ${created[1]!.id}`);
    await instance.database.db.execute(sql`update orders set created_at = now() - interval '2 days', updated_at = now() - interval '2 days' where id = ${created[2]!.id}`);

    const res = await instance.graphql<{ orderActivity: { hour: string; created: number; changed: number }[] }>('{ orderActivity { hour created changed } }');
    expect(res.body.errors).toBeUndefined();
    const hours = res.body.data!.orderActivity;
    expect(hours).toHaveLength(24);
    expect(Date.parse(hours[23]!.hour)).toBe(hourBucket(new Date()) * HOUR_MS);
    expect(hours.reduce((s, h) => s + h.created, 0)).toBe(2);
    expect(hours[23]!.created).toBe(1);
    expect(hours[23]!.changed).toBe(1);
    expect(hours[21]!.created).toBe(1);
  });

  it.skipIf(skip)('refuses an out-of-range number of hours, naming the argument', async () => {
    const res = await instance.graphql('{ orderActivity(hours: 0) { hour } }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.extensions?.fields).toEqual([{ field: 'hours', message: 'must be between 1 and 168' }]);
  });
});
