import { Extensions } from 'type-graphql';
import type { Principal } from './auth.service.js';

/**
 * Who may call what, declared next to each operation (a GraphQL root field, a REST route) by the
 * module that owns it. Deny by default: graphql/access-plugin.ts refuses a root field without a
 * rule, http/access-guard.ts a route without one, and both refuse to start with such an operation.
 */

export type Role = Principal['kind'];

export const ROLES: readonly Role[] = ['admin', 'client', 'peer', 'metrics'];

/** `public`: anyone, with or without a token. Otherwise the roles allowed. */
export type AccessRule = 'public' | readonly Role[];

export const PUBLIC: AccessRule = 'public';

/** The key under which a GraphQL field (extensions) or a Fastify route (config) carries its rule. */
export const ACCESS_KEY = 'access';

export function isAccessRule(value: unknown): value is AccessRule {
  return value === PUBLIC || (Array.isArray(value) && value.every((r) => ROLES.includes(r as Role)));
}

/** Whether `principal` (null: no token) may use an operation with this rule. */
export function allows(rule: AccessRule, principal: Principal | null): boolean {
  if (rule === PUBLIC) return true;
  return principal !== null && rule.includes(principal.kind);
}

export const describeRule = (rule: AccessRule): string => (rule === PUBLIC ? 'anyone' : rule.join(', '));

/** GraphQL: `@Access(['admin'])` on a @Query, @Mutation or @FieldResolver (stored in the field's extensions). */
export const Access = (rule: AccessRule) => Extensions({ [ACCESS_KEY]: rule });

/** REST: `app.get(url, { config: routeAccess(['admin', 'client']) }, handler)`. */
export const routeAccess = (rule: AccessRule) => ({ [ACCESS_KEY]: rule });

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by the access guard (http/access-guard.ts) on routes that name roles. */
    principal?: Principal;
  }
}
