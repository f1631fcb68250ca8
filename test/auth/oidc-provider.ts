/** A stand-in identity provider for tests: key pairs and a JWKS endpoint on loopback (node:http). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import type { OidcConfig } from '../../src/config/auth-settings';
import { lateBound } from '../support/late-bound';

export const ISSUER = 'https://id.test.example/';
export const AUDIENCE = 'mail-session-service';

export interface TestProvider {
  readonly jwksUrl: string;
  readonly kid: string;
  /** The key the JWKS publishes. */
  readonly privateKey: CryptoKey;
  /** A key of the same type and kid that the JWKS does not publish. */
  readonly strangerKey: CryptoKey;
  /** How many times the JWKS was fetched. */
  readonly fetches: number;
  config(overrides?: Partial<OidcConfig>): OidcConfig;
  /** A valid access token with `claims`, changed by `edit` (e.g. to expire it). */
  token(claims?: JWTPayload, edit?: (jwt: SignJWT) => SignJWT, key?: CryptoKey): Promise<string>;
  close(): Promise<void>;
}

export async function startTestProvider(): Promise<TestProvider> {
  const kid = 'test-key-1';
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/jwks') {
      response.writeHead(404).end();
      return;
    }
    fetches++;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const jwksUrl = `http://127.0.0.1:${port}/jwks`;
  return {
    jwksUrl,
    kid,
    privateKey,
    strangerKey: stranger.privateKey,
    get fetches() {
      return fetches;
    },
    config: (overrides = {}) => ({
      jwksUrl,
      issuer: ISSUER,
      audience: AUDIENCE,
      clockToleranceSeconds: 30,
      rolesClaim: 'roles',
      nameClaim: 'preferred_username',
      maxTokenAgeSeconds: 86_400,
      ...overrides,
    }),
    token(claims = {}, edit = (jwt) => jwt, key = privateKey) {
      const jwt = new SignJWT({ roles: ['admin'], ...claims })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('user-0001')
        .setIssuedAt()
        .setExpirationTime('5m');
      return edit(jwt).sign(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An unsecured JWT (`alg: none`) with the given claims: header.payload. and no signature. */
export function unsecuredToken(claims: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/**
 * The provider of a test file (or describe block): started in beforeAll, so an app started after
 * it can be given its `config()`, and closed in afterAll. The returned object reads the started one.
 */
export function useTestProvider(): TestProvider {
  let started: TestProvider | undefined;
  beforeAll(async () => {
    started = await startTestProvider();
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  return lateBound('the test provider', () => started);
}
