import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
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

/** Every error leaves as `{ error: { code, message, details } }`; internals are logged, never sent. */
export function installRestErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.code === 'TOO_MANY_REQUESTS' && typeof err.details?.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(err.details.retryAfterSeconds));
      }
      return sendError(reply, err.httpStatus, err.code, err.message, err.details);
    }
    const known = err.code ? CLIENT_ERRORS[err.code] : undefined;
    if (known) return sendError(reply, known.status, known.code, known.message);
    if (err instanceof SyntaxError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      return sendError(reply, err.statusCode ?? 400, 'BAD_REQUEST', 'The request could not be read');
    }
    request.log.error({ err }, 'request failed');
    return sendError(reply, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`),
  );
}
