import type { FastifyInstance, RouteOptions } from 'fastify';
import { allows, describeRule, isAccessRule, type AccessRule } from '../auth/access.js';
import type { Principal } from '../auth/auth.service.js';
import { AppError } from '../shared/errors.js';

/** A registered REST route and its rule (undefined: none, which the guard refuses). */
export interface RouteInfo {
  method: string;
  url: string;
  access: AccessRule | undefined;
}

export interface AccessGuardOptions {
  authenticate(authorization: string | undefined): Promise<Principal | null>;
}

/**
 * Deny by default for REST: every route must carry `config.access` (auth/access.ts). A route
 * without one stops the server at startup (onReady) and, should one slip through, is refused
 * with 403 at request time. For a route that names roles, the caller's token is checked here and
 * the principal left on `request.principal`; a public route is not authenticated at all (GraphQL
 * decides per operation, with its own rules).
 *
 * Returns a function listing every route seen by Fastify's onRoute hook (for the access test).
 */
export function installAccessGuard(app: FastifyInstance, options: AccessGuardOptions): () => RouteInfo[] {
  const seen: { methods: string[]; url: string; route: RouteOptions }[] = [];
  // The rule is read later: a plugin may set it in an onRoute hook of its own, which runs after
  // this one. The URL is taken now (Fastify reuses the options object for `/prefix/`).
  const list = (): RouteInfo[] =>
    seen.flatMap(({ methods, url, route }) => methods.map((method) => ({ method, url, access: route.config?.access })));

  app.addHook('onRoute', (route) => {
    seen.push({ methods: [route.method].flat(), url: route.url, route });
  });

  app.addHook('onReady', async () => {
    const missing = list().filter((r) => !isAccessRule(r.access));
    if (missing.length) {
      throw new Error(`REST routes without an access rule (declare config.access, see src/auth/access.ts): ${missing.map((r) => `${r.method} ${r.url}`).join(', ')}`);
    }
  });

  // preParsing: after onRequest hooks (CORS headers reach the refusals too), before any body is read.
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (request.is404) return payload;
    const rule = request.routeOptions.config.access;
    if (!isAccessRule(rule)) {
      request.log.error({ url: request.routeOptions.url }, 'route without an access rule refused');
      throw new AppError('FORBIDDEN', 'This route has no access rule, so nobody may use it');
    }
    if (rule === 'public') return payload;
    const principal = await options.authenticate(request.headers.authorization);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'Send a valid token as Authorization: Bearer <token>');
    if (!allows(rule, principal)) {
      throw new AppError('FORBIDDEN', `A ${principal.kind} token may not ${request.method} ${request.routeOptions.url}; allowed: ${describeRule(rule)}`);
    }
    request.principal = principal;
    return payload;
  });

  return list;
}
