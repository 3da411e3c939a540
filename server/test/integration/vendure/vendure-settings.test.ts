import { describe, expect, it } from 'vitest';
import type { RemoteDefinition } from '../../../src/integration/remote-definition.js';
import { vendureKind, vendureLoginOf, vendureSettingsOf } from '../../../src/integration/vendure/vendure-settings.js';

const definition = (over: Partial<RemoteDefinition> = {}): RemoteDefinition => ({
  name: 'shop',
  kind: 'vendure',
  url: 'https://shop.example.com/admin-api',
  credentials: { username: 'sync', password: 'secret' },
  settings: { paymentMethodCode: 'bank-transfer' },
  ...over,
});

describe('the settings of a Vendure remote', () => {
  it('accepts the least: a payment method and an administrator login; defaults the rest', () => {
    expect(vendureKind.check(definition())).toEqual([]);
    expect(vendureSettingsOf(definition())).toEqual({ paymentMethodCode: 'bank-transfer', unitPriceOverride: false, pollIntervalMs: 3000 });
    expect(vendureLoginOf(definition())).toEqual({ username: 'sync', password: 'secret' });
  });

  it('names each problem by its key', () => {
    const problems = vendureKind.check(
      definition({ credentials: {}, settings: { unitPriceOverride: 'yes', pollIntervalMs: 5, shipingMethodCode: 'x' } }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['credentials.password', 'credentials.username', 'settings.paymentMethodCode', 'settings.pollIntervalMs', 'settings.shipingMethodCode', 'settings.unitPriceOverride'].sort(),
    );
    expect(problems.find((p) => p.path === 'settings.paymentMethodCode')?.message).toMatch(/required/);
    expect(problems.find((p) => p.path === 'settings.shipingMethodCode')?.message).toBe('is not a setting of a Vendure remote');
    expect(vendureKind.check(definition({ settings: undefined })).map((p) => p.path)).toEqual(['settings.paymentMethodCode']);
    expect(() => vendureSettingsOf(definition({ settings: {} }))).toThrow(/settings.paymentMethodCode/);
  });

  it('takes an API key alone as the token', () => {
    const withKey = definition({ credentials: { token: 'key' } });
    expect(vendureKind.check(withKey)).toEqual([]);
    expect(vendureLoginOf(withKey)).toEqual({ apiKey: 'key' });
    expect(vendureKind.check(definition({ credentials: { token: 'key', username: 'sync' } })).map((p) => p.path)).toEqual(['credentials.password']);
  });
});
