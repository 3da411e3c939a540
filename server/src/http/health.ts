import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import { PUBLIC, routeAccess } from '../auth/access.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface HealthOptions {
  instanceName: string;
  driver: string;
  ping(): Promise<boolean>;
}

/** Open without a token: what a load balancer or `docker compose` health check asks. */
export async function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  app.get('/healthz', { config: routeAccess(PUBLIC) }, async (_request, reply) => {
    const ok = await options.ping();
    return reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      instance: options.instanceName,
      database: { driver: options.driver, status: ok ? 'up' : 'down' },
      version,
    });
  });
}
