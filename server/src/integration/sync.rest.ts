import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routeAccess } from '../auth/access.js';
import { parseOrThrow } from '../shared/errors.js';
import { MAX_BATCH } from './message.js';
import { PEER_ONLY } from './sync.access.js';
import type { SyncEngine } from './sync-engine.js';

const batchSchema = z.strictObject({
  messages: z.array(z.unknown()).min(1, 'must hold at least one message').max(MAX_BATCH, `must hold at most ${MAX_BATCH} messages`),
});

export interface SyncRestOptions {
  engine: SyncEngine;
}

/**
 * POST {orders API}/_sync: the peer's pushed messages. Only the peer's token may send them: a client
 * token edits orders through the ordinary API and can never set sync states or versions.
 */
export async function syncRestRoutes(app: FastifyInstance, options: SyncRestOptions): Promise<void> {
  app.post('/_sync', { config: routeAccess(PEER_ONLY) }, async (request, reply) => {
    // The token names the peer remote; each peer is paused, and answered, on its own.
    const peer = request.principal?.kind === 'peer' ? request.principal.name : null;
    if (options.engine.pausedFor(peer)) {
      // The peer keeps its messages and retries: nothing is lost while we are paused.
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: { code: 'SYNC_PAUSED', message: 'The sync of this instance is paused; retry later' } });
    }
    const { messages } = parseOrThrow(batchSchema, request.body);
    return { results: await options.engine.receive(messages, peer) };
  });
}
