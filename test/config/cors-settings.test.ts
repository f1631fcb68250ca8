import { loadConfig } from '../../src/config/env';
import { configError } from '../support/config-error';

const allowed = (value: string | undefined) => loadConfig({ NODE_ENV: 'test', CORS_ALLOWED_HEADERS: value }).httpLimits.corsAllowedHeaders;

describe('CORS_ALLOWED_HEADERS', () => {
  it('adds no header when unset or blank', () => {
    expect(allowed(undefined)).toEqual([]);
    expect(allowed(' ')).toEqual([]);
  });

  it('reads comma-separated header names, lower-cased, without blanks or repeats', () => {
    expect(allowed(' X-Tenant-Id ,sentry-trace, baggage,,x-tenant-id ')).toEqual(['x-tenant-id', 'sentry-trace', 'baggage']);
  });

  it.each([
    ['a space inside a name', 'x-tenant id', /entry 1 is not a header name/],
    ['a colon', 'x-a,x-b:1', /entry 2 is not a header name/],
    ['a non-ASCII letter', 'x-tenänt', /entry 1 is not a header name/],
    ['the wildcard, which would allow any header', 'x-a, *', /entry 2: name each header/],
  ])('refuses %s, naming the variable and the entry', (_why, value, problem) => {
    const message = configError(() => allowed(value)).message;
    expect(message).toMatch(/^CORS_ALLOWED_HEADERS: /);
    expect(message).toMatch(problem);
  });
});
