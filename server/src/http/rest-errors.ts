import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { AppError } from '../shared/errors.js';

export interface RestErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  const body: RestErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return reply.status(status).type('application/json').send(body);
}

/** Fastify's own errors that are the client's fault, by their code. */
const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 1 MiB' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'BAD_USER_INPUT', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'BAD_USER_INPUT', message: 'The body is not valid JSON' },
};

interface Described {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** What the client is told about an error; null for an internal one (logged, not described). */
function describe(err: FastifyError): Described | null {
  if (err instanceof AppError) return { status: err.httpStatus, code: err.code, message: err.message, details: err.details };
  if (err instanceof GraphQLError) {
    const { code, http, ...details } = err.extensions as { code?: string; http?: { status?: number } };
    return { status: http?.status ?? 400, code: code ?? 'BAD_REQUEST', message: err.message, details };
  }
  const known = err.code ? CLIENT_ERRORS[err.code] : undefined;
  if (known) return known;
  if (err instanceof SyntaxError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
    return { status: err.statusCode ?? 400, code: 'BAD_REQUEST', message: 'The request could not be read' };
  }
  return null;
}

/**
 * Every error leaves as `{ error: { code, message, details } }`, or on a GraphQL route (config
 * graphqlErrors) as `{ errors: [{ message, extensions: { code, ... } }] }`; internals are logged,
 * never sent.
 */
export function installRestErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply) => {
    let described = describe(err);
    if (!described) {
      request.log.error({ err }, 'request failed');
      described = { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
    }
    const { status, code, message, details } = described;
    if (code === 'TOO_MANY_REQUESTS' && typeof details?.retryAfterSeconds === 'number') {
      reply.header('retry-after', String(details.retryAfterSeconds));
    }
    if (request.routeOptions.config?.graphqlErrors) {
      return reply.status(status).type('application/json').send({ errors: [{ message, extensions: { code, ...details } }] });
    }
    return sendError(reply, status, code, message, details);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`),
  );
}
