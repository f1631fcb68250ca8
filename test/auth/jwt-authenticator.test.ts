import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { JwtAuthenticator } from '../../src/platform/auth/jwt-authenticator';
import { AUDIENCE, ISSUER, unsecuredToken, useTestProvider } from './oidc-provider';

const now = () => Math.floor(Date.now() / 1000);

describe('OpenID Connect access tokens', () => {
  const provider = useTestProvider();
  let jwt: JwtAuthenticator;

  beforeAll(() => {
    jwt = new JwtAuthenticator(provider.config());
  });

  it('accepts a token signed by a published key, with the role and name from its claims', async () => {
    const token = await provider.token({ roles: ['viewer'], preferred_username: 'olga' });
    expect(await jwt.verify(token)).toEqual({ ok: true, caller: { name: 'oidc:olga', roles: ['viewer'] } });
  });

  it('keeps every known role listed, once each in a fixed order, and reads a space-separated roles string', async () => {
    expect(await jwt.verify(await provider.token({ roles: ['viewer', 'admin', 'viewer'] }))).toMatchObject({
      ok: true,
      caller: { roles: ['admin', 'viewer'] },
    });
    expect(await jwt.verify(await provider.token({ roles: 'viewer other' }))).toMatchObject({ ok: true, caller: { roles: ['viewer'] } });
    expect(await jwt.verify(await provider.token({ roles: 'receiver sender' }))).toMatchObject({ ok: true, caller: { roles: ['sender', 'receiver'] } });
  });

  it('maps the receiver and sender roles of application services', async () => {
    expect(await jwt.verify(await provider.token({ roles: ['receiver'] }))).toMatchObject({ ok: true, caller: { roles: ['receiver'] } });
    expect(await jwt.verify(await provider.token({ roles: 'sender' }))).toMatchObject({ ok: true, caller: { roles: ['sender'] } });
  });

  it('names the caller by the subject when the name claim is missing, not printable or has a colon', async () => {
    expect(await jwt.verify(await provider.token({}))).toMatchObject({ ok: true, caller: { name: 'oidc:sub:user-0001' } });
    expect(await jwt.verify(await provider.token({ preferred_username: 'eve\r\nX-Injected: 1' }))).toMatchObject({
      ok: true,
      caller: { name: 'oidc:sub:user-0001' },
    });
    expect(await jwt.verify(await provider.token({ preferred_username: 'sub:someone-else' }))).toMatchObject({
      ok: true,
      caller: { name: 'oidc:sub:user-0001' },
    });
  });

  it('reads roles from a nested claim when configured with a dot path', async () => {
    const nested = new JwtAuthenticator(provider.config({ rolesClaim: 'realm_access.roles', nameClaim: 'email' }));
    const token = await provider.token({ roles: undefined, realm_access: { roles: ['admin'] }, email: 'ops@example.com' });
    expect(await nested.verify(token)).toEqual({ ok: true, caller: { name: 'oidc:ops@example.com', roles: ['admin'] } });
    expect(await nested.verify(await provider.token({ roles: ['admin'] }))).toEqual({ ok: false, reason: 'no role' });
  });

  it('tolerates clock skew up to the configured seconds, and no more', async () => {
    const recent = await provider.token({}, (t) => t.setIssuedAt(now() - 300).setExpirationTime(now() - 10));
    expect(await jwt.verify(recent)).toMatchObject({ ok: true });
    const strict = new JwtAuthenticator(provider.config({ clockToleranceSeconds: 0 }));
    expect(await strict.verify(recent)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each<[string, () => Promise<string>, string]>([
    ['expired beyond the skew', () => provider.token({}, (t) => t.setIssuedAt(now() - 600).setExpirationTime(now() - 120)), 'expired'],
    ['not valid yet', () => provider.token({}, (t) => t.setNotBefore(now() + 600)), 'not yet valid'],
    ['signed by a key the provider does not publish', () => provider.token({}, undefined, provider.strangerKey), 'bad signature'],
    ['from another issuer', () => provider.token({}, (t) => t.setIssuer('https://evil.example/')), 'claim check failed'],
    ['for another audience', () => provider.token({}, (t) => t.setAudience('another-service')), 'claim check failed'],
    ['without any role', () => provider.token({ roles: [] }), 'no role'],
    ['with an unknown role only', () => provider.token({ roles: ['superuser'] }), 'no role'],
    [
      'without an expiry',
      () =>
        new SignJWT({ roles: ['admin'] })
          .setProtectedHeader({ alg: 'RS256', kid: provider.kid })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject('s')
          .sign(provider.privateKey),
      'claim check failed',
    ],
    [
      'naming a key id the provider does not have',
      () =>
        new SignJWT({ roles: ['admin'] })
          .setProtectedHeader({ alg: 'RS256', kid: 'other' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject('s')
          .setExpirationTime('5m')
          .sign(provider.privateKey),
      'unknown key',
    ],
  ])('refuses a token %s', async (_why, make, reason) => {
    expect(await jwt.verify(await make())).toEqual({ ok: false, reason });
  });

  it('refuses an unsecured token (alg: none) that claims admin', async () => {
    const token = unsecuredToken({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: now() + 300, roles: ['admin'] });
    expect(await jwt.verify(token)).toMatchObject({ ok: false });
  });

  it('refuses an HS256 token keyed with the published public key (algorithm confusion)', async () => {
    const response = await fetch(provider.jwksUrl);
    const jwks = (await response.json()) as { keys: Record<string, string>[] };
    const publicJwk = JSON.stringify(jwks.keys[0]);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${part({ alg: 'HS256', kid: provider.kid })}.${part({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: now() + 300, roles: ['admin'] })}`;
    const signature = createHmac('sha256', publicJwk).update(signingInput).digest('base64url');
    expect(await jwt.verify(`${signingInput}.${signature}`)).toMatchObject({ ok: false });
  });

  it('refuses a token whose payload was edited after signing', async () => {
    const [header, , signature] = (await provider.token({ roles: ['viewer'] })).split('.');
    const payload = Buffer.from(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: now() + 300, roles: ['admin'] })).toString('base64url');
    expect(await jwt.verify(`${header}.${payload}.${signature}`)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('reports an unreachable key set as such, not as a bad token', async () => {
    const unreachable = new JwtAuthenticator(provider.config({ jwksUrl: 'http://127.0.0.1:9/jwks' }));
    expect(await unreachable.verify(await provider.token())).toEqual({ ok: false, reason: 'identity provider unreachable' });
  });

  it('fetches the key set once and then serves verifications from its cache', async () => {
    const fresh = new JwtAuthenticator(provider.config());
    const before = provider.fetches;
    for (let i = 0; i < 5; i++) expect(await fresh.verify(await provider.token())).toMatchObject({ ok: true });
    expect(provider.fetches - before).toBe(1);
  });
});
