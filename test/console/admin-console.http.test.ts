import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_CONSOLE_BUILD } from '../../src/platform/http/admin-console.routes';
import { useTestApp } from '../support/test-app';
import { buildConsoleIfStale } from './browser';

const ISSUER = 'https://login.example.com/realms/mail';
const service = useTestApp({ adminConsole: { oidc: { issuer: ISSUER, clientId: 'mail-console', scope: 'openid email' } } });
const base = () => new URL(service.url).origin;

beforeAll(() => buildConsoleIfStale(), 60_000);

async function hashedAsset(): Promise<string> {
  const html = await (await fetch(`${base()}/admin`)).text();
  const match = /src="(\/admin\/assets\/index-[\w-]+\.js)"/.exec(html);
  if (!match?.[1]) throw new Error(`no hashed script in the page: ${html}`);
  return match[1];
}

describe('the admin console at /admin', () => {
  it('serves the page without a token, revalidated on every load, under a strict Content-Security-Policy', async () => {
    const response = await fetch(`${base()}/admin`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const host = new URL(base()).host;
    expect(response.headers.get('content-security-policy')).toBe(
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        `connect-src 'self' ws://${host} wss://${host} https://login.example.com`,
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    // Nothing inline: every script and style is a file of the service.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('caches hashed assets for good and answers 404 for an asset that is not there', async () => {
    const asset = await hashedAsset();
    const response = await fetch(`${base()}${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base()}/admin/assets/index-missing.js`)).status).toBe(404);
  });

  it('serves no source map: the build names none in its scripts and /admin/assets/*.map is 404', async () => {
    const asset = await hashedAsset();
    const script = await (await fetch(`${base()}${asset}`)).text();
    expect(script).not.toContain('sourceMappingURL');
    const map = await fetch(`${base()}${asset}.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('"sources"');
  });

  it('answers every other /admin path with the page, so a client route can be reloaded', async () => {
    for (const route of ['/admin/', '/admin/history', '/admin/outbound/42']) {
      const response = await fetch(`${base()}${route}`);
      expect([route, response.status, response.headers.get('content-type')]).toEqual([route, 200, 'text/html; charset=utf-8']);
    }
  });

  it('tells the page how to sign in with OIDC, without a token and without a secret', async () => {
    const response = await fetch(`${base()}/admin/config.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ oidc: { issuer: ISSUER, clientId: 'mail-console', scope: 'openid email' } });
  });

  it('keeps the API strict: /graphql still refuses a call without a token and carries the API policy', async () => {
    const response = await fetch(`${base()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ mailSession { version } }"}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  it('builds into the folder the service serves', () => {
    expect(ADMIN_CONSOLE_BUILD).toBe(path.resolve(__dirname, '..', '..', 'dist', 'admin'));
  });
});

describe('the admin console beside the development landing page', () => {
  const withSandbox = useTestApp({ adminConsole: {}, landingPage: true });

  it('keeps its own policy while Apollo Sandbox at /graphql carries Apollo’s', async () => {
    const origin = new URL(withSandbox.url).origin;
    const page = await fetch(`${origin}/admin`);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self';/);
    const sandbox = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(sandbox.headers.get('content-type')).toMatch(/^text\/html/);
    expect(sandbox.headers.get('content-security-policy')).toBeNull();
  });
});

describe('an admin console that was not built', () => {
  const unbuilt = useTestApp({ adminConsole: { directory: path.join(tmpdir(), 'no-console-here') } });

  it('answers 503 saying how to build it, and the service still starts', async () => {
    const response = await fetch(`${new URL(unbuilt.url).origin}/admin`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
    expect(unbuilt.logs.text).toContain('the admin console is not built');
  });
});

describe('an admin console folder that holds source maps (a build made with them)', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'console-with-maps-'));
  mkdirSync(path.join(directory, 'assets'));
  writeFileSync(path.join(directory, 'index.html'), '<!doctype html><title>Mail</title><script type="module" src="/admin/assets/app-1.js"></script>');
  writeFileSync(path.join(directory, 'assets', 'app-1.js'), 'export {};\n//# sourceMappingURL=app-1.js.map\n');
  writeFileSync(path.join(directory, 'assets', 'app-1.js.map'), '{"version":3,"sources":["../../web/src/main.tsx"],"mappings":""}');
  const withMaps = useTestApp({ adminConsole: { directory } });

  it('serves the scripts but never their maps (404), as production runs it', async () => {
    const origin = new URL(withMaps.url).origin;
    expect((await fetch(`${origin}/admin/assets/app-1.js`)).status).toBe(200);
    const map = await fetch(`${origin}/admin/assets/app-1.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('sources');
  });
});
