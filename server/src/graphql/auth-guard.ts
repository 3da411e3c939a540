import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { Principal } from '../auth/auth.service.js';

/**
 * Deny by default: every root query and mutation needs a principal, except the few named public.
 * Nested fields are reachable only through a root field, so checking the root is enough.
 */
export function authGuard(publicOperations: Set<string>): MiddlewareFn<{ principal: Principal | null }> {
  return async ({ context, info }, next) => {
    const isRoot = info.parentType === info.schema.getQueryType() || info.parentType === info.schema.getMutationType();
    if (isRoot && !context.principal && !publicOperations.has(info.fieldName)) {
      throw new GraphQLError('Log in first: send Authorization: Bearer <token> (from the login mutation)', {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
    // Whatever the resolver answers, untouched (type-graphql types it `any`).
    return next() as Promise<unknown>;
  };
}
