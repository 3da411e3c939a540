import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { routeAccess } from '../auth/access.js';
import { AppError, parseOrThrow, ValidationError } from '../shared/errors.js';
import { FEED_READERS, ORDER_USERS } from './order.access.js';
import { VersionConflictError, IdConflictError, OrderDeletedError } from './order.errors.js';
import type { OrderService } from './order.service.js';
import type { Order } from './order.types.js';
import { orderPatchSchema } from './order.validation.js';

/**
 * The REST Orders API: the endpoint the other side's Integration (or an e-shop) is given.
 * Only GET, POST and PUT, as the seed allows against the other system.
 */

export interface OrderRestOptions {
  orders: OrderService;
}

const MAX_FEED_LIMIT = 1000;
/** Long-poll limit; below common proxy idle timeouts (60 s). */
const MAX_WAIT_SECONDS = 50;

const feedQuerySchema = z.strictObject({
  since: z.string().optional(),
  limit: z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${MAX_FEED_LIMIT}`)
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(MAX_FEED_LIMIT, `must be at most ${MAX_FEED_LIMIT}`))
    .default(100),
  wait: z
    .string()
    .regex(/^\d+$/, `must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}`)
    .transform(Number)
    .pipe(z.number().max(MAX_WAIT_SECONDS, `must be at most ${MAX_WAIT_SECONDS}`))
    .default(0),
  /**
   * The reader is on its first read of the feed (true) or past it (false); by default a read from
   * the start is a first read. Only the sync's envelope reader (the peer) is affected: see
   * OrderService.feed.
   */
  full: z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true').optional(),
});

/** Fields the server sets; a client sending them is told so rather than silently ignored. */
const SERVER_FIELDS = ['id', 'code', 'subtotal', 'total', 'createdAt', 'updatedAt'] as const;

const putBodySchema = orderPatchSchema.extend({
  version: z.number().int().min(1, 'must be at least 1').optional(),
  deleted: z.literal(true, { error: 'may only be true: a deleted order cannot be restored' }).optional(),
});

/** The JSON representation: the order as it is, with ISO times. */
export const orderJson = (order: Order) => ({
  ...order,
  createdAt: order.createdAt.toISOString(),
  updatedAt: order.updatedAt.toISOString(),
});

const etag = (order: Order) => `"${order.version}"`;

function conflictBody(err: AppError & { current: Order }) {
  return { error: { code: err.code, message: err.message, details: { ...err.details, current: orderJson(err.current) } } };
}

/** `If-Match: "3"`, `W/"3"` or `3`. */
function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw ValidationError.field('If-Match', 'must be the order version, e.g. "3"');
  return Number(match[1]);
}

const kindOf = (value: unknown): string =>
  value === undefined ? 'an empty body' : value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/** A body of null, an array, a scalar or nothing is a mistake, never an empty change. */
function requireObject(body: unknown, what: string): asserts body is Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw ValidationError.field('(body)', `must be a JSON object with ${what}, not ${kindOf(body)}`);
  }
}

function rejectServerFields(body: unknown, allowed: readonly string[] = []): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const present = SERVER_FIELDS.filter((f) => f in body && !allowed.includes(f));
  if (present.length) {
    throw new ValidationError(present.map((field) => ({ field, message: 'is set by the server and cannot be sent' })));
  }
}

export async function orderRestRoutes(app: FastifyInstance, options: OrderRestOptions): Promise<void> {
  const { orders } = options;

  // Conflicts carry the current order, so the client can merge without another round trip.
  const sendConflict = (reply: FastifyReply, err: unknown) => {
    if (err instanceof VersionConflictError || err instanceof IdConflictError || err instanceof OrderDeletedError) {
      return reply.status(409).send(conflictBody(err));
    }
    throw err;
  };

  app.get('/', { config: routeAccess(FEED_READERS) }, async (request) => {
    const query = parseOrThrow(feedQuerySchema, request.query);
    const page = await orders.feed(query.since, query.limit, { waitMs: query.wait * 1000, caller: request.principal, full: query.full });
    return {
      feedId: page.feedId,
      orders: page.orders.map((o) => ({ ...orderJson(o), ...page.extras?.get(o.id) })),
      cursor: page.cursor,
      hasMore: page.hasMore,
    };
  });

  app.get<{ Params: { id: string } }>('/:id', { config: routeAccess(ORDER_USERS) }, async (request, reply) => {
    const order = await orders.getOrThrow(request.params.id);
    return reply.header('etag', etag(order)).send(orderJson(order));
  });

  app.post('/', { config: routeAccess(ORDER_USERS) }, async (request, reply) => {
    requireObject(request.body, 'the order');
    rejectServerFields(request.body, ['id']);
    try {
      const { order, created } = await orders.create(request.body);
      return reply
        .status(created ? 201 : 200)
        .header('location', `${request.url.split('?')[0]!.replace(/\/$/, '')}/${order.id}`)
        .header('etag', etag(order))
        .send(orderJson(order));
    } catch (err) {
      return sendConflict(reply, err);
    }
  });

  app.put<{ Params: { id: string } }>('/:id', { config: routeAccess(ORDER_USERS) }, async (request, reply) => {
    requireObject(request.body, 'the fields to change');
    rejectServerFields(request.body);
    const { version, deleted, ...patch } = parseOrThrow(putBodySchema, request.body);
    const headerVersion = ifMatchVersion(request.headers['if-match']);
    if (version !== undefined && headerVersion !== undefined && version !== headerVersion) {
      throw ValidationError.field('version', 'differs from the If-Match header; send one of them');
    }
    const basedOn = version ?? headerVersion;
    if (basedOn === undefined) {
      throw new AppError('PRECONDITION_REQUIRED', 'Send the version the change is based on: If-Match header or "version" field', {
        field: 'version',
      });
    }
    try {
      const order = await orders.update(request.params.id, patch, basedOn, { deleted: deleted === true });
      return reply.header('etag', etag(order)).send(orderJson(order));
    } catch (err) {
      return sendConflict(reply, err);
    }
  });
}
