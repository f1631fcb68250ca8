import { loadConfig } from '../../src/config/env';
import { preflight as browserPreflight } from '../clients/browser-cors';
import { useTestApp } from '../support/test-app';

const ADMIN_ORIGIN = 'https://admin.example.com';
const EXTRA = 'x-tenant-id';
const preflight = (url: string, headers: readonly string[]) => browserPreflight(url, ADMIN_ORIGIN, 'POST', headers);

describe('CORS allowed request headers', () => {
  const t = useTestApp({ httpLimits: loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: ADMIN_ORIGIN, CORS_ALLOWED_HEADERS: 'X-Tenant-Id' }).httpLimits });

  it.each([
    ['Apollo Client, named (clientAwareness)', ['apollographql-client-name', 'apollographql-client-version']],
    ['OpenTelemetry trace context', ['traceparent', 'tracestate']],
  ])('passes the preflight of %s', async (_who, headers) => {
    for (const header of headers) {
      expect(await preflight(t.url, ['authorization', 'content-type', header])).toMatchObject({ passes: true });
    }
    expect(await preflight(t.url, ['authorization', 'content-type', ...headers])).toMatchObject({ passes: true });
  });

  it('passes the preflight of a header added by CORS_ALLOWED_HEADERS', async () => {
    expect(await preflight(t.url, ['authorization', EXTRA])).toMatchObject({ passes: true });
  });

  it('fails the preflight of a header nobody allowed, and allows no wildcard', async () => {
    const answer = await preflight(t.url, ['authorization', 'x-unlisted']);
    expect(answer.passes).toBe(false);
    expect(answer.allowedHeaders).not.toContain('x-unlisted');
    expect(answer.allowedHeaders).not.toContain('*');
  });
});
