/**
 * Issue 10, class 6: a static token and an OpenID Connect access token never share a name (in
 * `updatedBy`, history rows or per-caller limits), no token passes for the service's own writers
 * (`environment`, `file`), and no access token is honoured long after it was issued.
 */
import { SignJWT } from 'jose';
import { JwtAuthenticator } from '../../src/platform/auth/jwt-authenticator';
import { parseAuthTokens } from '../../src/config/auth-settings';
import { loadConfig } from '../../src/config/env';
import { onlyError, READ_MAIL_SESSION, storedState, updateSession } from '../api/mail-session.operations';
import { AUDIENCE, ISSUER, useTestProvider } from '../auth/oidc-provider';
import { allRevisions } from '../history/history.operations';
import { TEST_SAVED_MAIL_SESSION } from '../mail-check/operations';
import { configError } from '../support/config-error';
import { ADMIN_TOKEN, TEST_TOKENS, useTestApp } from '../support/test-app';

const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;
/** The static admin token's name: an access token claiming it must not become it. */
const STATIC_NAME = TEST_TOKENS[0]?.name ?? 'alice';

describe('caller identities over HTTP', () => {
  const provider = useTestProvider();
  const t = useTestApp({
    get oidc() {
      return provider.config();
    },
    mailCheck: { testsPerWindow: 1 },
  });

  const updatedBy = async (token: string, name: string): Promise<string | null | undefined> => {
    const result = await updateSession(t, { defaultSender: { name } }, token);
    expect(result.errors).toBeUndefined();
    return result.data?.updateMailSession.mailSession.updatedBy;
  };

  it("records an access token that claims a static token's name apart from that static token, in updatedBy and in history", async () => {
    const jwt = await provider.token({ roles: ['admin'], preferred_username: STATIC_NAME });
    expect(await updatedBy(ADMIN_TOKEN, 'by the static token')).toBe(STATIC_NAME);
    expect(await updatedBy(jwt, 'by the access token')).toBe(`oidc:${STATIC_NAME}`);
    const [row] = await t.db.query<{ updated_by: string }>('SELECT updated_by FROM mail_session');
    expect(row?.updated_by).toBe(`oidc:${STATIC_NAME}`);
    const [latest, previous] = await allRevisions(t);
    expect([latest?.changedBy, previous?.changedBy]).toEqual([`oidc:${STATIC_NAME}`, STATIC_NAME]);
  });

  it.each(['environment', 'file', 'Environment'])(
    "never records an access token as the service's own writer %s, whether claimed as a name or a subject",
    async (reserved) => {
      const byName = await provider.token({ roles: ['admin'], preferred_username: reserved });
      expect(await updatedBy(byName, `name ${reserved}`)).toBe(`oidc:${reserved}`);
      const bySubject = await provider.token({ roles: ['admin'] }, (jwt) => jwt.setSubject(reserved));
      expect(await updatedBy(bySubject, `subject ${reserved}`)).toBe(`oidc:sub:${reserved}`);
      const rows = await t.db.query<{ changed_by: string }>('SELECT changed_by FROM mail_session_revision');
      expect(rows.map((r) => r.changed_by)).not.toContain(reserved);
    },
  );

  it("keeps an access token's per-caller rate limit apart from the static token of the same name", async () => {
    const first = await t.gql(TEST_SAVED_MAIL_SESSION, {}, ADMIN_TOKEN);
    expect(first.errors).toBeUndefined();
    expect(onlyError(await t.gql(TEST_SAVED_MAIL_SESSION, {}, ADMIN_TOKEN)).code).toBe('RATE_LIMITED');
    const jwt = await provider.token({ roles: ['admin'], preferred_username: STATIC_NAME });
    expect((await t.gql(TEST_SAVED_MAIL_SESSION, {}, jwt)).errors).toBeUndefined();
  });

  it.each<[string, () => Promise<string>]>([
    ['valid for 100 years', () => provider.token({}, (jwt) => jwt.setIssuedAt(now()).setExpirationTime(now() + 100 * 365 * DAY))],
    ['issued two days ago and not yet expired', () => provider.token({}, (jwt) => jwt.setIssuedAt(now() - 2 * DAY).setExpirationTime(now() + 300))],
    [
      'without an issue time',
      () =>
        new SignJWT({ roles: ['admin'] })
          .setProtectedHeader({ alg: 'RS256', kid: provider.kid })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject('s')
          .setExpirationTime('5m')
          .sign(provider.privateKey),
    ],
  ])('refuses an access token %s with UNAUTHENTICATED and changes nothing', async (_why, make) => {
    const token = await make();
    const before = await storedState(t.db);
    expect(onlyError(await updateSession(t, { defaultSender: { name: 'too old' } }, token)).code).toBe('UNAUTHENTICATED');
    expect(onlyError(await t.gql(READ_MAIL_SESSION, undefined, token)).code).toBe('UNAUTHENTICATED');
    expect(await storedState(t.db)).toEqual(before);
  });

  it('still accepts an access token of an hour, issued a minute ago', async () => {
    const token = await provider.token({}, (jwt) => jwt.setIssuedAt(now() - 60).setExpirationTime(now() + 3_540));
    expect((await t.gql(READ_MAIL_SESSION, undefined, token)).errors).toBeUndefined();
  });
});

describe('the token age limit', () => {
  const provider = useTestProvider();

  it('follows AUTH_MAX_TOKEN_AGE_SECONDS, with the clock skew tolerance, and says why a token was refused', async () => {
    const jwt = new JwtAuthenticator(provider.config({ maxTokenAgeSeconds: 600, clockToleranceSeconds: 30 }));
    const issuedAgo = (seconds: number, lifetime = 300) =>
      provider.token({}, (t) => t.setIssuedAt(now() - seconds).setExpirationTime(now() - seconds + lifetime));
    expect(await jwt.verify(await issuedAgo(500, 600))).toMatchObject({ ok: true });
    expect(await jwt.verify(await issuedAgo(620, 900))).toEqual({ ok: false, reason: 'lives too long' });
    expect(await jwt.verify(await issuedAgo(700, 900))).toEqual({ ok: false, reason: 'issued too long ago' });
    const strict = new JwtAuthenticator(provider.config({ maxTokenAgeSeconds: 600, clockToleranceSeconds: 0 }));
    expect(await strict.verify(await issuedAgo(610, 700))).toEqual({ ok: false, reason: 'issued too long ago' });
  });

  it('defaults to a day and can be set from one minute to 30 days', () => {
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app@db:5432/mail',
      MAIL_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      AUTH_JWKS_URL: 'https://id.example.com/jwks',
      AUTH_ISSUER: 'https://id.example.com/',
      AUTH_AUDIENCE: 'mail-session',
    };
    expect(loadConfig(env).oidc?.maxTokenAgeSeconds).toBe(86_400);
    expect(loadConfig({ ...env, AUTH_MAX_TOKEN_AGE_SECONDS: '3600' }).oidc?.maxTokenAgeSeconds).toBe(3_600);
    for (const bad of ['59', '2592001', '0', '-1', '1h']) {
      expect(configError(() => loadConfig({ ...env, AUTH_MAX_TOKEN_AGE_SECONDS: bad })).message).toMatch(/^AUTH_MAX_TOKEN_AGE_SECONDS: /);
    }
  });
});

describe('static token names', () => {
  it.each(['environment', 'file', 'ENVIRONMENT', 'File'])('refuses the reserved name %s in AUTH_TOKENS at start-up', (name) => {
    const raw = `ops:admin:ops-token-0123456789abcdef,${name}:admin:reserved-token-0123456789`;
    const error = configError(() => parseAuthTokens(raw));
    expect(error.message).toMatch(/^AUTH_TOKENS: entry 2: the names environment and file are reserved/);
    expect(error.message).not.toContain('reserved-token-0123456789');
    expect(
      configError(() =>
        loadConfig({
          NODE_ENV: 'production',
          DATABASE_URL: 'postgresql://app@db:5432/mail',
          MAIL_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
          AUTH_TOKENS: raw,
        }),
      ).message,
    ).toMatch(/^AUTH_TOKENS: /);
  });
});
