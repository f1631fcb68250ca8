# Production image of the mail-session service. It runs only against an external PostgreSQL:
# DATABASE_URL, MAIL_SECRET_KEY and AUTH_TOKENS are required at run time (NODE_ENV=production),
# and nothing secret is baked into the image. The embedded PostgreSQL is for development only.

# Some dependencies declare node >=22 (cookie, @whatwg-node/promise-helpers), above our own >=20.19.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first, from the manifests alone, so this layer is reused until they change.
# postinstall (scripts/prisma-generate.js) generates the Prisma client into src/generated/prisma,
# which needs the schema and the Prisma config.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The generated client compiles into dist/generated/prisma; src/ is not needed at run time.
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# The live heap is ~35 MB; without limits V8 lets garbage pile up to 200+ MB of resident memory
# under load before collecting (see Benchmarks in the README). Same flags as `npm start`.
ENV NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=4"
WORKDIR /app
# Owned by root and read-only for the service user: the service never writes into /app.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at start by the migrator: path.resolve(dist/platform/database, '../../../prisma/migrations').
COPY --from=build /app/prisma ./prisma
USER node
EXPOSE 4000
# No curl in slim images; Node's fetch does the probe. /healthz answers while the process is up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself. It may wait SHUTDOWN_TIMEOUT_MS (25 s)
# for requests and sends in flight, so give it more than Docker's default 10 s to stop.
CMD ["node", "dist/main.js"]
