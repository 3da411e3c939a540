import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PUBLIC, routeAccess } from '../auth/access.js';

/** The built admin app (admin/dist), from the repository root; ADMIN_DIST_DIR overrides it. */
export const DEFAULT_ADMIN_DIST = fileURLToPath(new URL('../../../admin/dist', import.meta.url));

const NOT_BUILT = (what: string) =>
  `<!doctype html><meta charset="utf-8"><title>Not built</title>` +
  `<p>The ${what} is not built. Run <code>npm run build -w admin</code> (or <code>npm start</code>, which builds it when needed).</p>`;

/**
 * Serves the admin SPA at /admin (every unknown path under it answers index.html, so deep links
 * and reloads work) and the bundled GraphiQL at /graphiql. Both come from one Vite build.
 *
 * Every route here is public: the pages and scripts hold no data (the app logs in and then asks
 * GraphQL, which checks each operation). @fastify/static adds a route per file, so the rule is
 * set for every route of this plugin.
 */
export async function adminRoutes(app: FastifyInstance, options: { distDir: string }): Promise<void> {
  const { distDir } = options;
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, ...routeAccess(PUBLIC) };
  });
  const built = existsSync(join(distDir, 'index.html'));
  if (!built) {
    app.get('/admin', async (_request, reply) => reply.status(503).type('text/html').send(NOT_BUILT('admin app')));
    app.get('/admin/*', async (_request, reply) => reply.status(503).type('text/html').send(NOT_BUILT('admin app')));
    app.get('/graphiql', async (_request, reply) => reply.status(503).type('text/html').send(NOT_BUILT('GraphQL playground')));
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/admin/',
    index: ['index.html'],
    wildcard: false,
    // Hashed assets never change; the HTML pages must be fetched again.
    setHeaders: (res, path) => {
      res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/admin', async (_request, reply) => reply.redirect('/admin/'));
  app.get('/admin/*', async (_request, reply) => reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html'));
  app.get('/graphiql', async (_request, reply) => reply.type('text/html').header('cache-control', 'no-cache').sendFile('graphiql.html'));
}
