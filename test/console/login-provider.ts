/**
 * A stand-in OpenID Connect provider for the console's sign-in: discovery, an authorization endpoint
 * that signs the user in at once and redirects back with a code, and a token endpoint that gives an
 * access token only for the PKCE verifier of that code's challenge (RFC 7636, S256). Real HTTP on
 * loopback, with the CORS headers a provider sends to a browser application.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProvider } from '../auth/oidc-provider';

export interface LoginProvider {
  readonly issuer: string;
  /** The authorization requests received, as query parameters. */
  readonly authorizations: URLSearchParams[];
  /** Token requests refused, with why. */
  readonly refusals: string[];
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Signs its tokens with `keys` (so the service, configured with `keys.config({ issuer })`, accepts them), with `claims` added. */
export async function startLoginProvider(keys: TestProvider, clientId: string, claims: Record<string, unknown>): Promise<LoginProvider> {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const authorizations: URLSearchParams[] = [];
  const refusals: string[] = [];
  let issuer = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    const cors = { 'access-control-allow-origin': '*' };
    const json = (status: number, value: unknown) => response.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname === '/.well-known/openid-configuration') {
      json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, code_challenge_methods_supported: ['S256'] });
    } else if (url.pathname === '/authorize') {
      authorizations.push(url.searchParams);
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: url.searchParams.get('code_challenge') ?? '', redirectUri });
      const back = new URL(redirectUri);
      back.search = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '' }).toString();
      response.writeHead(302, { location: back.toString() }).end();
    } else if (url.pathname === '/token' && request.method === 'POST') {
      void body(request).then(async (text) => {
        const form = new URLSearchParams(text);
        const issued = codes.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const refuse = (why: string) => {
          refusals.push(why);
          json(400, { error: 'invalid_grant' });
        };
        if (!issued) return refuse('unknown code');
        codes.delete(form.get('code') ?? '');
        if (createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) return refuse('the verifier does not match the challenge');
        if (form.get('client_id') !== clientId || form.get('redirect_uri') !== issued.redirectUri) return refuse('client or redirect_uri differ');
        const token = await keys.token(claims, (jwt) => jwt.setIssuer(issuer));
        json(200, { access_token: token, token_type: 'Bearer', expires_in: 300 });
      });
    } else {
      response.writeHead(404, cors).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get issuer() {
      return issuer;
    },
    authorizations,
    refusals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
