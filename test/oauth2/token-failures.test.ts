import { createServer, type AddressInfo, type Socket } from 'node:net';
import { NetworkPolicy } from '../../src/platform/network/network-policy';
import { fetchToken } from '../../src/oauth2/token-endpoint';
import { TokenError } from '../../src/oauth2/token-error';
import { SYSTEM_TRUST } from '../../src/transport/tls-trust';
import { freePort } from '../support/free-port';
import { waitUntil } from '../support/wait-until';
import { issueTokens, TestTokenEndpoint, type TokenHandler } from '../support/token-endpoint';
import { CLIENT_SECRET, clientCredentials, endpointOptions } from './oauth2-fixtures';

let endpoint: TestTokenEndpoint;
/** Every message a failure produced in this file, checked for secrets at the end. */
const messages: string[] = [];

beforeAll(async () => {
  endpoint = await TestTokenEndpoint.start();
});
afterAll(async () => {
  await endpoint.stop();
  for (const message of messages) {
    expect(message).not.toContain(CLIENT_SECRET);
    expect(message).not.toMatch(/token-\d/);
  }
});
beforeEach(() => {
  endpoint.grants.length = 0;
  endpoint.handler = issueTokens(3600);
});

async function failure(promise: Promise<unknown>): Promise<TokenError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(TokenError);
  const error = caught as TokenError;
  messages.push(error.message);
  return error;
}

function answer(status: number, contentType: string, body: string): TokenHandler {
  return () => ({ status, contentType, body });
}

describe('token endpoint failures, each classified with a message safe to show', () => {
  it('endpoint down (nothing listens): ENDPOINT_UNREACHABLE', async () => {
    const port = await freePort();
    const error = await failure(fetchToken(clientCredentials(`https://127.0.0.1:${port}/token`), endpointOptions(endpoint)));
    expect(error.code).toBe('ENDPOINT_UNREACHABLE');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a slow endpoint: TIMEOUT after the limit, not a hang', async () => {
    endpoint.handler = () => 'hang';
    const started = Date.now();
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint, { timeoutMs: 500 })));
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(endpoint.grants).toHaveLength(1);
  });

  it('a peer that accepts but never completes the TLS handshake: TIMEOUT', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const error = await failure(fetchToken(clientCredentials(`https://127.0.0.1:${port}/token`), endpointOptions(endpoint, { timeoutMs: 400 })));
      expect(error.code).toBe('TIMEOUT');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("the caller's signal (a connection test's whole-test limit) ends the request early: TIMEOUT", async () => {
    endpoint.handler = () => 'hang';
    const controller = new AbortController();
    const pending = failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint, { signal: controller.signal, timeoutMs: 60_000 })));
    await waitUntil('the endpoint received the grant', () => endpoint.grants.length === 1);
    const aborted = Date.now();
    controller.abort();
    expect((await pending).code).toBe('TIMEOUT');
    expect(Date.now() - aborted).toBeLessThan(2_000);
  });

  it('garbage: INVALID_RESPONSE, the body not quoted', async () => {
    endpoint.handler = answer(200, 'application/json', 'GARBAGE-BODY{{{');
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).not.toContain('GARBAGE-BODY');
  });

  it('an HTML page (a captive portal, a wrong URL): INVALID_RESPONSE naming it HTML, the page not quoted', async () => {
    endpoint.handler = answer(404, 'text/html', '<html><body>Sign-in page SECRET-PAGE-TEXT</body></html>');
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toContain('HTML');
    expect(error.message).not.toContain('SECRET-PAGE-TEXT');
    expect(error.httpStatus).toBe(404);
  });

  it('200 without access_token: INVALID_RESPONSE', async () => {
    endpoint.handler = answer(200, 'application/json', JSON.stringify({ token_type: 'Bearer', expires_in: 3600 }));
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toContain('access_token');
  });

  it('a token that is not a bearer token: INVALID_RESPONSE', async () => {
    endpoint.handler = answer(200, 'application/json', JSON.stringify({ token_type: 'mac', access_token: 'token-9', expires_in: 3600 }));
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error.code).toBe('INVALID_RESPONSE');
  });

  it('a redirect is not followed: INVALID_RESPONSE, one request only', async () => {
    endpoint.handler = () => ({ status: 302, body: '', headers: { location: endpoint.url('/elsewhere') } });
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toContain('redirect');
    expect(endpoint.grants).toHaveLength(1);
  });

  it('an answer larger than the cap: INVALID_RESPONSE', async () => {
    endpoint.handler = answer(200, 'application/json', JSON.stringify({ access_token: 'x'.repeat(100_000) }));
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toContain('64 KiB');
  });

  it('a certificate not issued for the host: CERTIFICATE_NAME_MISMATCH, nothing sent', async () => {
    const other = await TestTokenEndpoint.start(['tokens.example.test']);
    try {
      const error = await failure(fetchToken(clientCredentials(other.url()), endpointOptions(other)));
      expect(error.code).toBe('CERTIFICATE_NAME_MISMATCH');
      expect(other.grants).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });

  it('a CA the service does not trust (system store only): CERTIFICATE_UNTRUSTED, nothing sent', async () => {
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint, { trust: SYSTEM_TRUST })));
    expect(error.code).toBe('CERTIFICATE_UNTRUSTED');
    expect(error.message).toContain('MAIL_TLS_CA_FILE');
    expect(endpoint.grants).toHaveLength(0);
  });

  it.each([
    ['http://', (url: string) => url.replace('https:', 'http:')],
    ['a user in the URL', (url: string) => url.replace('https://', 'https://user:pass@')],
    ['not a URL', () => 'token endpoint'],
  ])('%s is refused before connecting: CLIENT_MISCONFIGURED', async (_case, change) => {
    const error = await failure(fetchToken(clientCredentials(change(endpoint.url())), endpointOptions(endpoint)));
    expect(error.code).toBe('CLIENT_MISCONFIGURED');
    expect(endpoint.grants).toHaveLength(0);
  });

  it('an address the network policy denies: ADDRESS_NOT_ALLOWED, no connection made', async () => {
    const network = new NetworkPolicy({ deny: ['127.0.0.0/8', '::1/128'] });
    const error = await failure(fetchToken(clientCredentials(endpoint.url('/token', 'localhost')), endpointOptions(endpoint, { network })));
    expect(error.code).toBe('ADDRESS_NOT_ALLOWED');
    expect(error.message).toContain('MAIL_NETWORK_DENY');
    expect(endpoint.grants).toHaveLength(0);
  });

  it("Microsoft's invalid_client with an AADSTS code: GRANT_REFUSED with both codes, the short description, no secret, no trace ids", async () => {
    endpoint.handler = answer(
      401,
      'application/json; charset=utf-8',
      JSON.stringify({
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided ${CLIENT_SECRET}.\r\n\u001b[31mEnsure the secret being sent\u202e is the client secret value. Trace ID: 0c1f Correlation ID: 9a2b Timestamp: 2026-12-05 05:00:00Z`,
        error_codes: [7000215],
        trace_id: '0c1f',
      }),
    );
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error.code).toBe('GRANT_REFUSED');
    expect(error.providerError).toBe('invalid_client');
    expect(error.aadsts).toBe('AADSTS7000215');
    expect(error.httpStatus).toBe(401);
    expect(error.message).toMatch(/^the token endpoint refused the grant: invalid_client: AADSTS7000215 \(Invalid client secret provided \[hidden\]\. Ensure/);
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(error.message).not.toMatch(/Trace ID|Correlation|[\u0000-\u001f\u007f\u202e]/);
  });

  it.each([
    ['only in error_codes', { error: 'unauthorized_client', error_description: 'The client is not authorized.', error_codes: [700016] }],
    ['only in the description', { error: 'unauthorized_client', error_description: 'AADSTS700016: Application not found in the directory.' }],
  ])('the AADSTS code %s is found', async (_case, body) => {
    endpoint.handler = answer(400, 'application/json', JSON.stringify(body));
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error).toMatchObject({ code: 'GRANT_REFUSED', providerError: 'unauthorized_client', aadsts: 'AADSTS700016' });
    expect(error.message).toMatch(/^the token endpoint refused the grant: unauthorized_client: AADSTS700016 \(/);
  });

  it("Google's invalid_grant: GRANT_REFUSED with the error code, AADSTS absent", async () => {
    endpoint.handler = answer(400, 'application/json', JSON.stringify({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }));
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error).toMatchObject({ code: 'GRANT_REFUSED', providerError: 'invalid_grant', aadsts: undefined });
    expect(error.message).toBe('the token endpoint refused the grant: invalid_grant (Token has been expired or revoked.)');
  });

  it('an error code with control characters is not taken as one: INVALID_RESPONSE', async () => {
    endpoint.handler = answer(400, 'application/json', JSON.stringify({ error: 'invalid\nclient' }));
    const error = await failure(fetchToken(clientCredentials(endpoint.url()), endpointOptions(endpoint)));
    expect(error.code).toBe('INVALID_RESPONSE');
  });
});
