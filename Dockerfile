# syntax=docker/dockerfile:1
# One image for both instances (A and B); docker-compose.yml runs it twice with different settings.
#   docker build -t orders-sync .
#   docker run -p 4001:4000 -e DATABASE_URL=... -e ADMIN_USERNAME=... -e ADMIN_PASSWORD=... -e API_TOKENS=... orders-sync

# ---- build: install everything from the lock file, compile the server, drop dev dependencies ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

# The manifests first, so the install layer is reused while only sources change. npm ci needs every
# workspace's package.json to match the lock file.
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY admin/package.json admin/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund

COPY tsconfig.json ./
COPY server/tsconfig.json server/
COPY server/src server/src
COPY admin admin
RUN npm run build \
 && npm run build -w admin \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled server, production dependencies, migrations ----
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app

COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/server/package.json server/
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
CMD ["node", "server/dist/main.js"]
