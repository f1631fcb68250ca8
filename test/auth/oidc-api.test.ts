import { onlyError, READ_MAIL_SESSION, storedState, updateSession } from '../api/mail-session.operations';
import { createTestDatabase } from '../support/database';
import { ADMIN_TOKEN, startTestApp, useTestApp } from '../support/test-app';
import { unsecuredToken, useTestProvider } from './oidc-provider';

describe('OpenID Connect access tokens over HTTP', () => {
  const provider = useTestProvider();
  const t = useTestApp({
    get oidc() {
      return provider.config();
    },
  });

  it('lets an admin access token change the settings and records it as oidc:<name> in updatedBy', async () => {
    const token = await provider.token({ roles: ['admin'], preferred_username: 'oidc-alice' });
    const result = await updateSession(t, { defaultSender: { name: 'Via OIDC' } }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateMailSession.mailSession.updatedBy).toBe('oidc:oidc-alice');
    const [row] = await t.db.query<{ updated_by: string }>('SELECT updated_by FROM mail_session');
    expect(row?.updated_by).toBe('oidc:oidc-alice');
  });

  it('lets a viewer access token read but refuses it the mutation with FORBIDDEN', async () => {
    const token = await provider.token({ roles: ['viewer'] });
    const read = await t.gql(READ_MAIL_SESSION, undefined, token);
    expect(read.errors).toBeUndefined();
    const before = await storedState(t.db);
    expect(onlyError(await updateSession(t, { defaultSender: { name: 'nope' } }, token)).code).toBe('FORBIDDEN');
    expect(await storedState(t.db)).toEqual(before);
  });

  it('still accepts the static tokens next to access tokens', async () => {
    expect((await t.gql(READ_MAIL_SESSION, undefined, ADMIN_TOKEN)).errors).toBeUndefined();
  });

  it.each<[string, () => Promise<string>]>([
    ['an expired token', () => provider.token({}, (jwt) => jwt.setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime('-10m'))],
    ['a token signed by an unknown key', () => provider.token({}, undefined, provider.strangerKey)],
    ['a token of another issuer', () => provider.token({}, (jwt) => jwt.setIssuer('https://evil.example/'))],
    ['a token for another audience', () => provider.token({}, (jwt) => jwt.setAudience('other'))],
    [
      'an unsecured alg:none token',
      async () =>
        unsecuredToken({ iss: 'https://id.test.example/', aud: 'mail-session-service', sub: 'x', exp: Math.floor(Date.now() / 1000) + 300, roles: ['admin'] }),
    ],
  ])('refuses %s with UNAUTHENTICATED, changes nothing and logs no token', async (_why, make) => {
    const token = await make();
    const before = await storedState(t.db);
    const result = await updateSession(t, { defaultSender: { name: 'forged' } }, token);
    expect(onlyError(result).code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
    expect(await storedState(t.db)).toEqual(before);
    expect(onlyError(await t.gql(READ_MAIL_SESSION, undefined, token)).code).toBe('UNAUTHENTICATED');
    expect(t.logs.text).toContain('access token refused');
    expect(t.logs.text).not.toContain(token);
    expect(t.logs.text).not.toContain(token.split('.')[2] || token.split('.')[1]);
  });

  it('answers UNAVAILABLE, not UNAUTHENTICATED, while the identity provider cannot be reached', async () => {
    const other = await createTestDatabase();
    const app = await startTestApp({ databaseUrl: other.url, oidc: provider.config({ jwksUrl: 'http://127.0.0.1:9/jwks' }) });
    try {
      const result = await app.gql(READ_MAIL_SESSION, undefined, await provider.token());
      expect(onlyError(result).code).toBe('UNAVAILABLE');
    } finally {
      await app.close();
      await other.drop();
    }
  });
});
