import { loadConfig } from '../../src/config/env';
import { configError } from '../support/config-error';

const SECRET = 'whsec_0123456789abcdef0123456789';
const URL = 'https://app.example.com/hooks/inbound-mail';

describe('INBOUND_RETENTION_DAYS and INBOUND_WEBHOOK_*', () => {
  it('keeps raw sources 7 days and pushes nothing by default; 0 days drops them at the next sweep', () => {
    expect(loadConfig({}).inbound).toEqual({ retentionDays: 7, webhook: undefined });
    expect(loadConfig({ INBOUND_RETENTION_DAYS: '0' }).inbound.retentionDays).toBe(0);
  });

  it('takes an http webhook with its secret and the retry defaults (10 retries from 5 s, 10 s per attempt)', () => {
    expect(loadConfig({ INBOUND_WEBHOOK_URL: 'http://app.internal:8080/mail?source=inbound', INBOUND_WEBHOOK_SECRET: SECRET }).inbound.webhook).toEqual({
      url: 'http://app.internal:8080/mail?source=inbound',
      secret: SECRET,
      retryLimit: 10,
      retryDelaySeconds: 5,
      timeoutMs: 10_000,
    });
  });

  it.each([
    [{ INBOUND_RETENTION_DAYS: '-1' }, /^INBOUND_RETENTION_DAYS: expected a whole number from 0 to 3650/],
    [{ INBOUND_WEBHOOK_URL: URL }, /^INBOUND_WEBHOOK_SECRET: required with INBOUND_WEBHOOK_URL/],
    [{ INBOUND_WEBHOOK_SECRET: SECRET }, /^INBOUND_WEBHOOK_SECRET: set without INBOUND_WEBHOOK_URL/],
    [{ INBOUND_WEBHOOK_URL: URL, INBOUND_WEBHOOK_SECRET: 'short-secret' }, /^INBOUND_WEBHOOK_SECRET: must be at least 24 characters/],
    [{ INBOUND_WEBHOOK_URL: 'app.example.com/hooks', INBOUND_WEBHOOK_SECRET: SECRET }, /^INBOUND_WEBHOOK_URL: expected an http\(s\) URL/],
    [{ INBOUND_WEBHOOK_URL: 'ftp://app.example.com/hooks', INBOUND_WEBHOOK_SECRET: SECRET }, /^INBOUND_WEBHOOK_URL: expected an http\(s\) URL, not ftp:/],
    [
      { INBOUND_WEBHOOK_URL: 'https://user:pw@app.example.com/hooks', INBOUND_WEBHOOK_SECRET: SECRET },
      /^INBOUND_WEBHOOK_URL: must not carry a user name or password/,
    ],
    [{ INBOUND_WEBHOOK_URL: `${URL}#x`, INBOUND_WEBHOOK_SECRET: SECRET }, /^INBOUND_WEBHOOK_URL: must not have a fragment/],
    [{ INBOUND_WEBHOOK_URL: URL, INBOUND_WEBHOOK_SECRET: SECRET, INBOUND_WEBHOOK_RETRY_DELAY_SECONDS: '0' }, /^INBOUND_WEBHOOK_RETRY_DELAY_SECONDS: expected/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(configError(() => loadConfig(env)).message).toMatch(message);
  });

  it('never shows the secret in an error', () => {
    const secret = 'secret-that-must-not-show-but-is-long-enough';
    expect(configError(() => loadConfig({ INBOUND_WEBHOOK_SECRET: secret })).message).not.toContain(secret);
  });
});
