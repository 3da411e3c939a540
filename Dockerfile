# syntax=docker/dockerfile:1
# One image for both instances (A and B); docker-compose.yml runs it twice with different settings.
#   docker build -t orders-sync .
#   docker run -p 4001:4000 -e DATABASE_URL=... -e ADMIN_USERNAME=... -e ADMIN_PASSWORD=... -e API_TOKENS=... orders-sync
#
# Node.js 24, the current LTS (Node 20's support ended in April 2026; the project still runs on
# 20.19+ and 22.13+, see "engines" in package.json, but the image has no reason to).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: the server and the admin with all their dependencies, from the lock file ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# The manifests first, so the install layer is reused while only sources change. Only the two
# workspaces the image is made of (no e2e, no vendure-plugin, no root lint tools).
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY admin/package.json admin/
RUN npm ci --workspace server --workspace admin --no-audit --no-fund

COPY tsconfig.json ./
COPY server/tsconfig.json server/tsconfig.build.json server/
COPY server/src server/src
COPY admin admin
# server/src -> server/dist (tsc); the admin app and the GraphQL playground -> admin/dist (static files).
RUN npm run build --workspace server \
 && npm run build --workspace admin

# ---- server-deps: the server's production dependencies and nothing else ----
# The admin's packages (React, MUI, react-admin, GraphiQL...) are build-time only: the server serves
# the files they were built into. A fresh install of the server workspace alone, without dev
# dependencies, keeps them (and the compilers, test and lint tools) out of the image.
FROM ${NODE_IMAGE} AS server-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY server/package.json server/
# npm may nest a package in server/node_modules (a version other than the hoisted one): keep the
# folder so that the runtime stage copies whatever is there.
RUN npm ci --omit=dev --workspace server --no-audit --no-fund \
 && mkdir -p server/node_modules

# ---- runtime: compiled server, its production dependencies, migrations, the admin's static files ----
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app

# package.json, node_modules, server/package.json (the version /healthz reports), server/node_modules
COPY --from=server-deps /app ./
COPY --from=build /app/server/dist server/dist
# The admin app (/admin) and the GraphQL playground (/graphiql), static files.
COPY --from=build /app/admin/dist admin/dist
# Migrations are read at startup from server/drizzle, next to server/dist.
COPY server/drizzle server/drizzle

# Without DATABASE_URL the server keeps an embedded database (PGlite) in /app/data/<instance>:
# mount a volume there. With DATABASE_URL (as in docker-compose.yml) nothing is written locally.
RUN mkdir -p /app/data && chown node:node /app/data
USER node

EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://localhost:4000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# A heap limit: without one V8 lets garbage pile up to 330-350 MB during a 100,000-order catch-up;
# with it a server peaks at 215-240 MB, for 10-20 % fewer orders a second (more collections).
# The live heap is about 30 MB (docs/benchmarks.md, *Fourth round* and *Seventh round*).
# On PGlite (no DATABASE_URL) also a young generation of 8 MB semi-spaces instead of V8's 16: such a
# server peaked at 271-287 MB against 288-297 (goal 300). On PostgreSQL, where the peak is 215-220
# MB, the same flag cost the GraphQL page 10-15 %, so it is left out there (*Fourteenth round*).
# Same flags in scripts/start.mjs and server/bench/servers.ts (test/tooling/heap-limit.test.ts).
CMD ["sh", "-c", "if [ -z \"$DATABASE_URL\" ]; then set -- --max-semi-space-size=8; fi; exec node --max-old-space-size=320 \"$@\" server/dist/main.js"]
