import { importSPKI, jwtVerify } from 'jose';
import { fetchToken } from '../../src/oauth2/token-endpoint';
import { JWT_BEARER_GRANT_TYPE } from '../../src/oauth2/token-request';
import { issueTokens, TestTokenEndpoint } from '../support/token-endpoint';
import { CLIENT_SECRET, clientCredentials, endpointOptions, REFRESH_TOKEN, serviceAccountKeys } from './oauth2-fixtures';

let endpoint: TestTokenEndpoint;

beforeAll(async () => {
  endpoint = await TestTokenEndpoint.start();
});
afterAll(() => endpoint.stop());
beforeEach(() => {
  endpoint.grants.length = 0;
  endpoint.handler = issueTokens(3600);
});

describe('fetching a token over HTTPS from a token endpoint (a private CA trusted as MAIL_TLS_CA_FILE does)', () => {
  it('CLIENT_CREDENTIALS posts client_id and client_secret in the form, as Microsoft v2.0 takes them', async () => {
    const before = Date.now();
    const result = await fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint));

    expect(endpoint.grants).toHaveLength(1);
    expect(endpoint.grants[0]?.path).toBe('/tenant/oauth2/v2.0/token');
    expect(endpoint.grants[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(endpoint.grants[0]?.form).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app-1',
      client_secret: CLIENT_SECRET,
      scope: 'https://outlook.office365.com/.default',
    });
    expect(result.accessToken).toBe('token-1');
    expect(result.scope).toBe('https://outlook.office365.com/.default');
    expect(result.expiresIn).toBe(3600);
    expect(result.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
    expect(result.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(result.tls).toEqual({ protocol: 'TLSv1.3', cipher: expect.any(String), verified: true, address: '127.0.0.1' });
  });

  it('REFRESH_TOKEN posts client_id, client_secret and refresh_token, as Google takes them', async () => {
    const client = clientCredentials(endpoint.url('/token'), {
      grant: 'REFRESH_TOKEN',
      clientSecret: CLIENT_SECRET,
      refreshToken: REFRESH_TOKEN,
      scope: 'https://mail.google.com/',
    });
    const result = await fetchToken(client, endpointOptions(endpoint));

    expect(endpoint.grants[0]?.form).toEqual({
      grant_type: 'refresh_token',
      client_id: 'app-1',
      client_secret: CLIENT_SECRET,
      refresh_token: REFRESH_TOKEN,
      scope: 'https://mail.google.com/',
    });
    expect(result.accessToken).toBe('token-1');
  });

  it('JWT_BEARER posts an RS256 assertion whose signature and claims (iss, sub, aud, scope, iat, exp ≤ 1 h) check out with the public key', async () => {
    const keys = await serviceAccountKeys();
    const client = clientCredentials(endpoint.url('/token'), {
      grant: 'JWT_BEARER',
      clientSecret: undefined,
      privateKey: keys.privateKey,
      serviceAccountEmail: 'mailer@project.iam.gserviceaccount.com',
      scope: 'https://mail.google.com/',
      user: 'alice@example.com',
    });
    await fetchToken(client, endpointOptions(endpoint));

    const form = endpoint.grants[0]?.form ?? {};
    expect(Object.keys(form).sort()).toEqual(['assertion', 'grant_type']);
    expect(form.grant_type).toBe(JWT_BEARER_GRANT_TYPE);
    const { payload, protectedHeader } = await jwtVerify(form.assertion ?? '', await importSPKI(keys.publicKey, 'RS256'), {
      issuer: 'mailer@project.iam.gserviceaccount.com',
      subject: 'alice@example.com',
      audience: endpoint.url('/token'),
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.scope).toBe('https://mail.google.com/');
    expect(typeof payload.iat).toBe('number');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(3600);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeGreaterThan(0);
  });

  it('JWT_BEARER with a key that is not a PKCS#8 RSA key fails without contacting the endpoint or quoting the key', async () => {
    const client = clientCredentials(endpoint.url(), { grant: 'JWT_BEARER', privateKey: 'not-a-key-SECRET-MATERIAL', serviceAccountEmail: 'sa@example.com' });
    const error = await fetchToken(client, endpointOptions(endpoint)).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'CLIENT_MISCONFIGURED' });
    expect((error as Error).message).not.toContain('SECRET-MATERIAL');
    expect(endpoint.grants).toHaveLength(0);
  });

  it.each([
    ['expires_in missing', undefined],
    ['expires_in negative', -5],
    ['expires_in absurdly large', 10 ** 12],
    ['expires_in not a number', 'soon'],
  ])('%s: the token is taken to live the documented default of 5 minutes', async (_case, expiresIn) => {
    endpoint.handler = () => ({ status: 200, body: JSON.stringify({ token_type: 'Bearer', access_token: 'token-x', expires_in: expiresIn }) });
    const before = Date.now();
    const result = await fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint));

    expect(result.expiresIn).toBeNull();
    expect(result.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 300_000);
    expect(result.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 300_000);
  });

  it('expires_in given as a numeric string is read', async () => {
    endpoint.handler = () => ({ status: 200, body: JSON.stringify({ token_type: 'Bearer', access_token: 'token-x', expires_in: '3599' }) });
    const result = await fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint));
    expect(result.expiresIn).toBe(3599);
  });
});
