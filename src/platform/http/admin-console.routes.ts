import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminConsoleOidc } from '../../config/admin-console-settings.js';
import { adminConsolePolicy } from './admin-console.policy.js';

/** Where `npm run build` (scripts/build.js, then web/vite.config.mts) writes the console: dist/admin, from src/ or dist/ alike. */
export const ADMIN_CONSOLE_BUILD = path.resolve(__dirname, '..', '..', '..', 'dist', 'admin');

export interface AdminConsoleOptions {
  /** The built console (index.html and assets/); default ADMIN_CONSOLE_BUILD. */
  readonly directory?: string;
  /** Offered on the sign-in page as the authorization-code flow with PKCE; unset: tokens only. */
  readonly oidc?: AdminConsoleOidc | undefined;
}

/** What the page reads before sign-in (GET /admin/config.json): nothing secret, no token needed. */
export interface AdminConsoleConfig {
  readonly oidc: AdminConsoleOidc | null;
}

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Serves the admin console at /admin: hashed assets cached for good (`immutable`), the page itself
 * revalidated on every load (`no-cache`) under a strict Content-Security-Policy, and the page for
 * every other /admin path, so a client-side route can be reloaded or bookmarked; never a source
 * map (404). No token is needed for any of it: the page holds no data until the API, which does
 * need one, answers.
 * Returns false (and serves a 503 page naming the fix) when the console has not been built.
 */
export async function registerAdminConsole(http: FastifyInstance, options: AdminConsoleOptions): Promise<boolean> {
  const directory = options.directory ?? ADMIN_CONSOLE_BUILD;
  const built = existsSync(path.join(directory, 'index.html'));
  const config: AdminConsoleConfig = { oidc: options.oidc ?? null };
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('content-security-policy', adminConsolePolicy(request.headers.host, options.oidc?.issuer));
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!built) {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('The admin console has not been built: run `npm run build` (it needs the development dependencies), then restart.\n');
    }
    // Revalidated on every load: it names the hashed assets of the current build.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', directory, { cacheControl: false });
  };
  http.get('/admin/config.json', async (_request, reply) => reply.header('cache-control', 'no-cache').send(config));
  http.get('/admin', page);
  http.get('/admin/*', page);
  if (built) {
    const assets = path.join(directory, 'assets');
    await http.register(fastifyStatic, {
      root: assets,
      prefix: '/admin/assets/',
      // Vite names each asset after its content: a new build makes new names, so a copy never goes stale.
      cacheControl: false,
      etag: true,
      lastModified: false,
      index: false,
      // Source maps are not served, even from an older build that wrote them: they hand out the console's sources.
      allowedPath: (pathName) => !pathName.endsWith('.map'),
      // Also called for the page sent by `page` (sendFile), which must be revalidated instead.
      setHeaders: (reply, file) => {
        reply.header('cache-control', path.dirname(file) === assets ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache');
      },
    });
  }
  return built;
}
