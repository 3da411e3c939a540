import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { OrderService, type ReplicaOrder } from '../../src/orders/order.service.js';
import { ValidationError } from '../../src/shared/errors.js';
import { DRIVERS, ordersDatabaseForBlock } from '../support/databases.js';
import { sampleOrder } from '../support/instances.js';

/**
 * Replicas (orders as another copy holds them) are validated once: checkReplica before the sync's
 * transaction, and applyReplicas writes a checked replica as it was checked; one it was not shown
 * is validated when it is applied.
 */
describe.each(DRIVERS)('replicas, checked and applied ($driver)', ({ driver, skip }) => {
  const database = ordersDatabaseForBlock(driver, skip);
  let service: OrderService;
  beforeEach(() => {
    if (skip) return;
    service = new OrderService(database.db(), { codePrefix: 'R' });
  });

  const replica = (overrides: Partial<ReplicaOrder> = {}): ReplicaOrder => {
    const at = new Date('2026-12-02T10:00:00.000Z');
    return { id: randomUUID(), code: 'P-000001', content: sampleOrder({ note: 'as checked' }), createdAt: at, updatedAt: at, version: 1, deleted: false, ...overrides };
  };

  it.skipIf(skip)('writes a checked replica as it was checked, without validating it again', async () => {
    const r = replica();
    expect(service.checkReplica(r)).toBeNull();
    // Changed after the check (no caller does this): what was checked is what is written.
    (r.content as { note: unknown }).note = 42;
    await service.transaction((tx) => service.applyReplicas(tx, [r]));
    expect(await service.get(r.id)).toMatchObject({ code: 'P-000001', note: 'as checked', version: 1 });
  });

  it.skipIf(skip)('validates a replica it was not shown, naming the field', async () => {
    const bad = replica({ content: { ...sampleOrder(), note: 42 } });
    const good = replica();
    const error = await service.transaction((tx) => service.applyReplicas(tx, [good, bad])).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ValidationError);
    expect(JSON.stringify((error as ValidationError).details)).toContain('orders.1.note');
    expect(await service.get(good.id)).toBeNull();
    expect(service.checkReplica(bad)?.message).toMatch(/note/);
  });

  it.skipIf(skip)('gives a checked replica without a code the next code of its own, validated with it', async () => {
    const r = replica({ code: '' });
    expect(service.checkReplica(r)).toBeNull();
    const [written] = await service.transaction((tx) => service.applyReplicas(tx, [r]));
    expect(written!.code).toMatch(/^R-\d{6,}$/);
  });
});
