import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { AppError } from '../shared/errors.js';

/** Business errors become GraphQL errors with `extensions.code` and the matching HTTP status. */
export const mapAppErrors: MiddlewareFn = async (_action, next) => {
  try {
    return (await next()) as unknown;
  } catch (err) {
    if (err instanceof AppError) {
      throw new GraphQLError(err.message, {
        extensions: { code: err.code, ...err.details, http: { status: err.httpStatus } },
      });
    }
    throw err;
  }
};

const PASSED_THROUGH = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'TOO_MANY_REQUESTS',
  'QUERY_TOO_LARGE',
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Known errors go out as they are (no stack: Apollo is told not to include one); anything else
 * is logged and answered with a generic message, so internals never reach a client.
 */
export function formatError(log: (err: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASSED_THROUGH.has(code)) return formatted;
    log(unwrapResolverError(error));
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
