import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { OrderContent } from '../../../server/src/orders/order.types.js';
import { VendureClient } from '../../../server/src/integration/vendure/vendure-client.js';
import { VendureRefusal, type VendureRefusalKind } from '../../../server/src/integration/vendure/vendure-errors.js';
import { VendureOrders, type VendureOrdersOptions } from '../../../server/src/integration/vendure/vendure-orders.js';
import { PAYMENT_METHOD_CODE } from './catalog.js';
import { startTestShop, SUPERADMIN, type StartOptions, type TestShop } from './vendure-server.js';

/** The sync's client for a test shop, logged in as its superadmin. */
export function syncClientFor(shop: TestShop, options: Partial<VendureOrdersOptions> = {}): { client: VendureClient; orders: VendureOrders } {
  const client = new VendureClient({ adminApiUrl: shop.adminApiUrl, credentials: SUPERADMIN });
  const orders = new VendureOrders(client, { unitPriceOverride: false, paymentMethodCode: PAYMENT_METHOD_CODE, ...options });
  return { client, orders };
}

export const uniqueId = (prefix = 'ord'): string => `${prefix}-${randomBytes(6).toString('hex')}`;

/** An order of ours as the sync would send it: EUR, German address, catalog SKUs. */
export function sampleContent(overrides: Partial<OrderContent> = {}): OrderContent {
  const tag = randomBytes(3).toString('hex');
  return {
    status: 'paid',
    customer: { name: 'Ada Lovelace', email: `ada.${tag}@example.com`, phone: '+49 30 1234567' },
    shippingAddress: {
      fullName: 'Ada Lovelace',
      line1: 'Unter den Linden 1',
      line2: null,
      city: 'Berlin',
      postalCode: '10117',
      countryCode: 'DE',
    },
    currency: 'EUR',
    lines: [{ sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 2, unitPrice: 1290 }],
    shippingCost: 490,
    note: 'Leave at the door',
    ...overrides,
  };
}

/** Runs `fn`, expects it to throw a VendureRefusal of `kind`, and returns the refusal. */
export async function refusalOf(fn: () => Promise<unknown>, kind: VendureRefusalKind): Promise<VendureRefusal> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof VendureRefusal && err.kind === kind) return err;
    throw new Error(`expected a ${kind} refusal, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, { cause: err });
  }
  throw new Error(`expected a ${kind} refusal, but it succeeded`);
}

export interface SyncedShop {
  shop: TestShop;
  orders: VendureOrders;
  client: VendureClient;
}

/** A test shop for the file's tests with the sync's client: started before them, stopped after. */
export function useSyncedShop(start: StartOptions, clientOptions: Partial<VendureOrdersOptions> = {}): SyncedShop {
  const env = {} as SyncedShop;
  beforeAll(async () => {
    env.shop = await startTestShop(start);
    Object.assign(env, syncClientFor(env.shop, clientOptions));
  });
  afterAll(async () => {
    await env.shop?.stop();
  });
  return env;
}
