# Production image of the mail-session service. It runs only against an external PostgreSQL:
# DATABASE_URL, MAIL_SECRET_KEY and AUTH_TOKENS (or their *_FILE forms) are required at run time
# (NODE_ENV=production), and nothing secret is baked into the image. The embedded PostgreSQL is for
# development only. Built and run by scripts/image-test.sh (`npm run image:test`), which CI runs.

# Some dependencies declare node >=22 (cookie, @whatwg-node/promise-helpers), above our own >=20.19.
ARG NODE_IMAGE=node:22-bookworm-slim

# Compiles the service with every dependency (TypeScript, the Prisma CLI to generate the client).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: our postinstall (which may also build when src/ exists) runs below, by name and
# in order; the dependencies' own install scripts are not needed to generate or compile.
RUN npm ci --ignore-scripts --no-audit --no-fund
# The Prisma client is generated from the schema into src/generated/prisma, offline.
COPY prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.js ./scripts/
RUN node scripts/prisma-generate.js
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The admin console: Vite builds it into dist/admin (its typed operations are committed, generated
# from schema.graphql); web/ is not needed at run time.
COPY web ./web
# `npm run build` may use any of our scripts; copied last, as they change more often than sources.
COPY scripts ./scripts
# The generated client compiles into dist/generated/prisma; src/ is not needed at run time.
RUN npm run build && test -f dist/main.js && test -f dist/admin/index.html

# Production dependencies only. `npm prune --omit=dev` would keep the ~120 packages that are both
# dev dependencies and optional peers of production ones ("devOptional": the Prisma CLI, Prisma
# Studio, TypeScript...); --omit=optional drops those too, and the few plain optional packages
# (graphql-armor's Envelop plugins, pg-cloudflare) are not loaded by the service. No install script
# of a production dependency is needed (@apollo/protobufjs's only makes a folder for its CLI).
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist/generated ./dist/generated
COPY scripts/image-prune-prisma.js ./scripts/
RUN node scripts/image-prune-prisma.js /app

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# Inside a container, listening on every interface is the point: the container's network is the
# boundary (docker-compose.yml publishes the port on 127.0.0.1 only). Outside production the
# service defaults to 127.0.0.1.
ENV HOST=0.0.0.0
# The live heap is ~35 MB; without limits V8 lets garbage pile up to 200+ MB of resident memory
# under load before collecting (see Benchmarks in the README). Same flags as `npm start`.
ENV NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=4"
WORKDIR /app
# Owned by root and read-only for the service user: the service never writes into /app.
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
# Read at start by the migrator: path.resolve(dist/platform/database, '../../../prisma/migrations').
COPY prisma/migrations ./prisma/migrations
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# No curl in slim images; Node's fetch does the probe. /healthz answers while the process is up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself. It may wait SHUTDOWN_TIMEOUT_MS (25 s)
# for requests and sends in flight, so give it more than Docker's default 10 s to stop.
CMD ["node", "dist/main.js"]
