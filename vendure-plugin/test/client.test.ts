import { buildClientSchema, getIntrospectionQuery, parse, validate, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../server/src/integration/transport.js';
import { VendureClient } from '../../server/src/integration/vendure/vendure-client.js';
import { ops } from '../../server/src/integration/vendure/vendure-operations.js';
import { VendureOrders } from '../../server/src/integration/vendure/vendure-orders.js';
import { PAYMENT_METHOD_CODE } from './support/catalog.js';
import { startTestShop, SUPERADMIN, type TestShop } from './support/vendure-server.js';

/** The Admin API client: its documents against the shop's schema, logins, API keys, failures. */
describe('Vendure Admin API client', () => {
  let shop: TestShop;
  let client: VendureClient;
  beforeAll(async () => {
    shop = await startTestShop({ plugin: { unitPriceOverride: true } });
    client = new VendureClient({ adminApiUrl: shop.adminApiUrl, credentials: SUPERADMIN });
  });
  afterAll(async () => {
    await shop?.stop();
  });

  it('sends only documents valid in the shop\'s schema (with the plugin and its override)', async () => {
    const schema = buildClientSchema(await client.request<IntrospectionQuery>(getIntrospectionQuery()));
    for (const withOverride of [false, true]) {
      for (const [name, document] of Object.entries(ops(withOverride))) {
        expect(validate(schema, parse(document)).map((e) => e.message), `${name} (override ${withOverride})`).toEqual([]);
      }
    }
  });

  it('logs in again when the session has ended', async () => {
    const fresh = new VendureClient({ adminApiUrl: shop.adminApiUrl, credentials: SUPERADMIN });
    await fresh.request(`query { activeAdministrator { id } }`);
    // Ends the session server-side; the client still holds the old token and gets FORBIDDEN.
    await fresh.request(`mutation { logout { success } }`);
    const data = await fresh.request<{ orders: { totalItems: number } }>(`query { orders { totalItems } }`);
    expect(data.orders.totalItems).toBeGreaterThanOrEqual(0);
    const me = await fresh.request<{ activeAdministrator: { emailAddress: string } | null }>(`query { activeAdministrator { emailAddress } }`);
    expect(me.activeAdministrator?.emailAddress).toBe(SUPERADMIN.username);
    const orders = new VendureOrders(fresh, { unitPriceOverride: true, paymentMethodCode: PAYMENT_METHOD_CODE });
    await fresh.request(`mutation { logout { success } }`);
    expect(await orders.getByCode('NO-SUCH-CODE')).toBeNull();
  });

  it('works with an API key instead of a login', async () => {
    const { roles } = await client.request<{ roles: { items: { id: string; code: string }[] } }>(`query { roles { items { id code } } }`);
    const superadminRole = roles.items.find((r) => r.code === '__super_admin_role__')!;
    const { createApiKey } = await client.request<{ createApiKey: { apiKey: string } }>(
      `mutation($roleIds: [ID!]!) { createApiKey(input: { roleIds: $roleIds, translations: [{ languageCode: en, name: "orders sync" }] }) { apiKey } }`,
      { roleIds: [superadminRole.id] },
    );
    const withKey = new VendureClient({ adminApiUrl: shop.adminApiUrl, credentials: { apiKey: createApiKey.apiKey } });
    const orders = new VendureOrders(withKey, { unitPriceOverride: true, paymentMethodCode: PAYMENT_METHOD_CODE });
    expect((await orders.listChangedSince(null)).orders).toEqual([]);

    const wrongKey = new VendureClient({ adminApiUrl: shop.adminApiUrl, credentials: { apiKey: 'not-a-key' } });
    const err = await wrongKey.request(`query { orders { totalItems } }`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).permanent).toBe(true);
  });

  it('refuses a wrong password as a permanent transport error naming the account', async () => {
    const wrong = new VendureClient({ adminApiUrl: shop.adminApiUrl, credentials: { username: SUPERADMIN.username, password: 'wrong' } });
    const err = await wrong.request(`query { orders { totalItems } }`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).permanent).toBe(true);
    expect((err as Error).message).toBe(
      `the shop refused the login of "${SUPERADMIN.username}": The provided credentials are invalid (INVALID_CREDENTIALS_ERROR)`,
    );
  });

  it('reports an unreachable shop as a transport error to retry', async () => {
    const nowhere = new VendureClient({ adminApiUrl: 'http://127.0.0.1:9/admin-api', credentials: SUPERADMIN, timeoutMs: 2_000 });
    const err = await nowhere.request(`query { orders { totalItems } }`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).permanent).toBe(false);
  });
});
