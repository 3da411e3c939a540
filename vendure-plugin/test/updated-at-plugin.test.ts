import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUpdatedAtScript, updatedAtTable } from './support/updated-at-script.js';
import { startTestShop, type TestShop } from './support/vendure-server.js';

describe('Order.updatedAt with the plugin', () => {
  let withPlugin: TestShop;
  beforeAll(async () => {
    withPlugin = await startTestShop();
  });
  afterAll(async () => {
    await withPlugin?.stop();
  });

  it('with the plugin moves on every change the sync maps, and not on a dry run', async () => {
    const moved = await runUpdatedAtScript(withPlugin);
    console.log(updatedAtTable('[updatedAt] with OrdersSyncPlugin:', moved));
    // Not needed: drafts are not synced (leaving Draft stamps the order), and history notes are not
    // mapped (our note is the syncNote custom field).
    const notNeeded = ['draft: set shipping address', 'draft: set shipping method', 'history note (addNoteToOrder)'];
    for (const [step, m] of moved) {
      if (step === 'modifyOrder dryRun' || notNeeded.includes(step)) continue;
      expect.soft(m, step).toBe(true);
    }
    expect(moved.get('modifyOrder dryRun')).toBe(false);
  });
});
