import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { Query, Resolver, buildSchema } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAccessRule } from '../../src/auth/access.js';
import { checkAccess, unruledRootFields } from '../../src/graphql/access-check.js';
import { analyzeOperation } from '../../src/graphql/operation-analysis.js';
import { registerGraphql } from '../../src/graphql/server.js';
import { installAccessGuard } from '../../src/http/access-guard.js';
import { parse, getOperationAST } from 'graphql';
import { DRIVERS } from '../support/databases.js';
import { sampleOrder, startTestInstance, TEST_ADMIN, TEST_API_TOKEN, type TestInstance } from '../support/instances.js';
import { CALLERS, readRoleTable, rowOf, type Caller, type RoleRow } from '../support/role-table.js';
import { peerEnv, TOKEN_A_TO_B } from '../support/sync-pair.js';

/**
 * Deny by default, proven mechanically: every GraphQL root field of the schema the server serves
 * and every REST route it registered is called by each principal and without a token, and must
 * be answered exactly as the README's Roles table says. An operation missing from the table, or
 * without a rule, fails here (the server does not even start without one).
 */

const METRICS_TOKEN = 'metrics-scraper-token-0123456789abcdef';
const PEER_TOKEN = TOKEN_A_TO_B; // the instance below is "B": it accepts the token A sends

/** An admin app "build" of our own, so the static routes exist whether or not admin/dist was built. */
function fakeAdminDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'access-admin-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>admin</title>');
  writeFileSync(join(dir, 'graphiql.html'), '<!doctype html><title>graphiql</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app-0123.js'), 'console.log(1)');
  return dir;
}

/** A value of the type, as a GraphQL literal: enough for the document to be valid. */
function literal(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return '[]';
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${required.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  if (type.name === 'ID') return JSON.stringify(randomUUID());
  if (type.name === 'String') return '"x"';
  if (type.name === 'Boolean') return 'false';
  if (/date|time/i.test(type.name)) return '"2020-01-01T00:00:00.000Z"';
  if (type.name === 'JSONObject') return '{}';
  return '1';
}

/** A valid operation calling one root field with its required arguments. */
function callOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args =
    field.name === 'login'
      ? [`username: ${JSON.stringify(TEST_ADMIN.username)}`, `password: ${JSON.stringify(TEST_ADMIN.password)}`]
      : field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => `${a.name}: ${literal(a.type)}`);
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

/** The README row key of a registered route: HEAD goes with GET, `/prefix/` with `/prefix`, the admin's files together. */
function routeKey(method: string, url: string): string {
  const m = method === 'HEAD' ? 'GET' : method;
  const u = url.startsWith('/admin/') ? (url === '/admin/*' ? url : '/admin/<file>') : url.length > 1 ? url.replace(/\/$/, '') : url;
  return `${m} ${u}`;
}

/** A concrete request for a route pattern. */
function requestFor(method: string, url: string): { path: string; init: RequestInit } {
  if (url === '*') {
    // CORS preflight
    return { path: '/api/orders', init: { method, headers: { origin: 'https://admin.example.com', 'access-control-request-method': 'POST' } } };
  }
  const path = url.replace(':id', randomUUID()).replace('*', 'x');
  if (path === '/graphql' && method === 'POST') {
    return { path, init: { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) } };
  }
  if (method === 'POST' || method === 'PUT') {
    return { path, init: { method, headers: { 'content-type': 'application/json' }, body: '{}' } };
  }
  return { path, init: { method } };
}

const refusedStatus = (caller: Caller) => (caller === 'none' ? 401 : 403);

describe('deny by default: an operation without a rule cannot be served', () => {
  it('a REST route without config.access stops the server from starting, naming the route', async () => {
    const app = Fastify({ logger: false });
    installAccessGuard(app, { authenticate: async () => null });
    app.get('/forgotten', async () => 'secret');
    app.get('/ruled', { config: { access: ['admin'] } }, async () => 'fine');
    await expect(app.ready()).rejects.toThrow(/without an access rule.*GET \/forgotten/);
    await app.close().catch(() => {});
  });

  @Resolver()
  class ForgottenResolver {
    @Query(() => String)
    forgottenSecret(): string {
      return 'secret';
    }
  }

  it('a GraphQL root field without @Access stops the server from starting, naming the field', async () => {
    const app = Fastify({ logger: false });
    const services = {} as Parameters<typeof registerGraphql>[1]['services'];
    await expect(
      registerGraphql(app, {
        resolvers: [ForgottenResolver],
        services,
        perRequest: () => ({}) as ReturnType<Parameters<typeof registerGraphql>[1]['perRequest']>,
        limits: { maxDocumentBytes: 10_000, maxTokens: 1000, maxAliases: 10, maxDepth: 10, maxCost: 1000 },
        introspection: 'public',
      }),
    ).rejects.toThrow(/without an access rule.*Query\.forgottenSecret/);
    await app.close();
  });

  it('and were one served, the operation check refuses it to everyone, the admin included', async () => {
    const schema = await buildSchema({ resolvers: [ForgottenResolver], validate: false });
    expect(unruledRootFields(schema)).toEqual(['Query.forgottenSecret']);
    const document = parse('{ forgottenSecret }');
    const analysis = analyzeOperation(schema, document, getOperationAST(document)!);
    for (const principal of [null, { kind: 'admin', name: 'admin' }] as const) {
      const error = checkAccess(schema, analysis, principal, 'public');
      expect(error?.extensions.code).toBe('FORBIDDEN');
      expect(error?.message).toMatch(/Query\.forgottenSecret \(no access rule\)/);
    }
  });
});

describe.each(DRIVERS)('every operation x every principal, as the README says ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  let adminDist: string;
  let rows: RoleRow[];
  let adminToken: string;

  beforeAll(async () => {
    rows = readRoleTable();
    if (skip) return;
    adminDist = fakeAdminDist();
    instance = await startTestInstance(
      driver,
      { ...peerEnv('B'), METRICS_TOKEN, CORS_ORIGINS: 'https://admin.example.com', ADMIN_DIST_DIR: adminDist },
      { startSync: false },
    );
    adminToken = await instance.adminToken();
  });
  afterAll(async () => {
    await instance?.stop();
    if (adminDist) rmSync(adminDist, { recursive: true, force: true });
  });

  /** The token of a caller; the admin gets a session of its own where the call would end it (logout). */
  async function tokenOf(caller: Caller, fresh = false): Promise<string | null> {
    switch (caller) {
      case 'none':
        return null;
      case 'admin':
        if (!fresh) return adminToken;
        return (await instance.graphql('mutation { login(username: "admin", password: "correct-horse-battery") { token } }', {}, null)).body.data.login.token;
      case 'client':
        return TEST_API_TOKEN;
      case 'peer':
        return PEER_TOKEN;
      case 'metrics':
        return METRICS_TOKEN;
    }
  }

  const rootFields = (schema: GraphQLSchema) =>
    (['query', 'mutation'] as const).flatMap((kind) => {
      const type = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
      return Object.values(type?.getFields() ?? {}).map((field) => ({ kind, field, key: `${kind} ${field.name}` }));
    });

  it.skipIf(skip)('every root field and every route has a rule and a row in the README; every row names something served', () => {
    expect(unruledRootFields(instance.schema)).toEqual([]);
    const fields = rootFields(instance.schema);
    expect(fields.length).toBeGreaterThanOrEqual(20);
    for (const { key } of fields) expect(rowOf(rows, key), `${key} has no row in README.md's Roles table`).toBeDefined();

    const routes = instance.routes();
    for (const expected of ['POST /api/orders/_sync', 'GET /metrics', 'GET /api/orders/:id', 'OPTIONS *', 'GET /admin/index.html', 'HEAD /healthz']) {
      expect(routes.map((r) => `${r.method} ${r.url}`)).toContain(expected);
    }
    for (const route of routes) {
      expect(isAccessRule(route.access), `${route.method} ${route.url} has no access rule`).toBe(true);
      expect(rowOf(rows, routeKey(route.method, route.url)), `${route.method} ${route.url} has no row in README.md's Roles table`).toBeDefined();
    }

    const served = new Set([
      ...fields.map((f) => f.key),
      ...routes.map((r) => routeKey(r.method, r.url)),
      'query __schema',
      'query __type',
      'Order.sync',
      'Order.syncs',
    ]);
    for (const row of rows) for (const key of row.keys) expect(served, `README.md's Roles table names ${key}, which is not served`).toContain(key);
    expect(instance.schema.getType('Order')?.toString()).toBe('Order');
  });

  it.skipIf(skip)('each GraphQL root field answers exactly the principals its row allows', async () => {
    const problems: string[] = [];
    for (const { kind, field, key } of rootFields(instance.schema)) {
      const row = rowOf(rows, key)!;
      const query = callOf(kind, field);
      for (const caller of CALLERS) {
        const res = await instance.graphql(query, {}, await tokenOf(caller, field.name === 'logout'));
        const denied = res.body.errors?.find((e) => e.extensions?.denied);
        if (row.allowed[caller]) {
          if (denied || res.status === 401 || res.status === 403) problems.push(`${key} refused to ${caller}: ${res.status} ${JSON.stringify(res.body.errors)}`);
        } else if (res.status !== refusedStatus(caller) || !denied || res.body.data) {
          problems.push(`${key} not refused to ${caller}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.skipIf(skip)("an order's sync field, asked through any query, answers exactly the principals its row allows", async () => {
    const row = rowOf(rows, 'Order.sync')!;
    const order = await (await instance.api('/api/orders', { method: 'POST', json: sampleOrder() })).json();
    for (const caller of CALLERS) {
      for (const query of [`{ order(id: "${order.id}") { id sync { state } } }`, '{ orders { items { code sync { state } } } }']) {
        const res = await instance.graphql(query, {}, await tokenOf(caller));
        if (row.allowed[caller]) {
          expect(res.body.errors, `${caller}: ${query}`).toBeUndefined();
        } else {
          expect(res.status, `${caller}: ${query}`).toBe(refusedStatus(caller));
          expect(res.body.data ?? null).toBeNull();
        }
      }
    }
    // Without the sync field, the client reads the same order.
    const plain = await instance.graphql(`{ order(id: "${order.id}") { id code } }`, {}, TEST_API_TOKEN);
    expect(plain.body).toEqual({ data: { order: { id: order.id, code: order.code } } });
  });

  it.skipIf(skip)('introspection is open outside production, as its row says', async () => {
    const row = rowOf(rows, 'query __schema')!;
    for (const caller of CALLERS) {
      const res = await instance.graphql('{ __schema { queryType { name } } __type(name: "Order") { name } }', {}, await tokenOf(caller));
      expect(res.status === 200 && !res.body.errors, caller).toBe(row.allowed[caller]);
    }
  });

  it.skipIf(skip)('each REST route answers exactly the principals its row allows', async () => {
    const problems: string[] = [];
    for (const route of instance.routes()) {
      const key = routeKey(route.method, route.url);
      const row = rowOf(rows, key);
      if (!row) {
        problems.push(`${route.method} ${route.url} has no row in README.md's Roles table`);
        continue;
      }
      for (const caller of CALLERS) {
        const { path, init } = requestFor(route.method, route.url);
        const token = await tokenOf(caller);
        const headers = { ...(init.headers as Record<string, string>), ...(token ? { authorization: `Bearer ${token}` } : {}) };
        const res = await fetch(`${instance.url}${path}`, { ...init, headers });
        await res.arrayBuffer();
        const refused = res.status === 401 || res.status === 403;
        if (row.allowed[caller] ? refused : res.status !== refusedStatus(caller)) {
          problems.push(`${route.method} ${route.url} (${key}) for ${caller}: ${res.status}, expected ${row.allowed[caller] ? 'an answer' : refusedStatus(caller)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.skipIf(skip)('the issue: a client cannot repoint the sync, and the peer cannot write an order', async () => {
    const status = '{ syncStatus { remoteUrl remoteTokenSet } }';
    const before = (await instance.graphql(status)).body.data.syncStatus;
    const res = await instance.graphql('mutation { updateSyncSettings(remoteUrl: "http://127.0.0.1:9/api/orders") { state } }', {}, TEST_API_TOKEN);
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.body.errors?.[0]?.message).toMatch(/client token may not use Mutation\.updateSyncSettings \(allowed: admin\)/);
    expect((await instance.graphql(status)).body.data.syncStatus).toEqual(before);

    const created = await (await instance.api('/api/orders', { method: 'POST', json: sampleOrder({ note: 'peer must not touch' }) })).json();
    const put = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: { version: 1, note: 'forged' }, token: PEER_TOKEN });
    expect(put.status).toBe(403);
    expect((await put.json()).error.code).toBe('FORBIDDEN');
    expect(await (await instance.api(`/api/orders/${created.id}`)).json()).toEqual(created);
  });
});

describe.each(DRIVERS)('introspection in production ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  let rows: RoleRow[];
  beforeAll(async () => {
    rows = readRoleTable();
    if (!skip) instance = await startTestInstance(driver, { ...peerEnv('B'), NODE_ENV: 'production', METRICS_TOKEN });
  });
  afterAll(async () => instance?.stop());

  it.skipIf(skip)('needs an admin or client token, as its row says; __typename stays open', async () => {
    const row = rowOf(rows, 'query __schema', true)!;
    const tokens: Record<Caller, string | null> = {
      none: null,
      admin: await instance.adminToken(),
      client: TEST_API_TOKEN,
      peer: PEER_TOKEN,
      metrics: METRICS_TOKEN,
    };
    for (const caller of CALLERS) {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Order") { fields { name } } }']) {
        const res = await instance.graphql(query, {}, tokens[caller]);
        if (row.allowed[caller]) {
          expect(res.status, `${caller}: ${query}`).toBe(200);
          expect(res.body.errors).toBeUndefined();
        } else {
          expect(res.status, `${caller}: ${query}`).toBe(refusedStatus(caller));
          expect(res.body.data ?? null).toBeNull();
        }
      }
    }
    expect((await instance.graphql('{ __typename }', {}, null)).body).toEqual({ data: { __typename: 'Query' } });
  });
});
