import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { DEFAULT_NETWORK_SETTINGS, NetworkPolicy } from '../../src/platform/network/network-policy';
import type { OAuth2Client } from '../../src/oauth2/oauth2-client';
import type { TokenEndpointOptions } from '../../src/oauth2/token-endpoint';
import { tlsTrust } from '../../src/transport/tls-trust';
import type { TestTokenEndpoint } from '../support/token-endpoint';

export const CLIENT_SECRET = 'cs~Sup3r-Secret-Value-0001';
export const REFRESH_TOKEN = '1//0refresh-Secret-Value-0002';

/** Trusts the endpoint's CA as MAIL_TLS_CA_FILE does (tlsTrust of its certificates), default network policy. */
export function endpointOptions(endpoint: TestTokenEndpoint, extra: Partial<TokenEndpointOptions> = {}): TokenEndpointOptions {
  return { network: new NetworkPolicy(DEFAULT_NETWORK_SETTINGS), trust: tlsTrust([endpoint.ca.cert]), ...extra };
}

export function clientCredentials(tokenUrl: string, overrides: Partial<OAuth2Client> = {}): OAuth2Client {
  return {
    grant: 'CLIENT_CREDENTIALS',
    tokenUrl,
    clientId: 'app-1',
    scope: 'https://outlook.office365.com/.default',
    clientSecret: CLIENT_SECRET,
    refreshToken: undefined,
    privateKey: undefined,
    serviceAccountEmail: undefined,
    user: 'mailer@example.com',
    ...overrides,
  };
}

/** An RSA key pair as a service account has: the private key in PKCS#8 PEM, the public one in SPKI PEM. */
export async function serviceAccountKeys(): Promise<{ privateKey: string; publicKey: string }> {
  const pair = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  return { privateKey: await exportPKCS8(pair.privateKey), publicKey: await exportSPKI(pair.publicKey) };
}
