/**
 * OAuth 2.0 sign-in to a mail server (XOAUTH2 / OAUTHBEARER): the shapes every part of the
 * service shares. The settings store an `OAuth2Client` per server; the token cache
 * (src/oauth2/) turns it into access tokens; the transports and the connection test take an
 * `AccessTokenSource`.
 */

/** How the service obtains an access token. */
export type OAuth2Grant =
  /** `grant_type=client_credentials` with the client id and secret (Microsoft 365 app-only). */
  | 'CLIENT_CREDENTIALS'
  /** `grant_type=refresh_token` with a refresh token an administrator obtained once (Google user consent). */
  | 'REFRESH_TOKEN'
  /** RFC 7523 JWT bearer assertion signed with a service account's key (Google domain-wide delegation). */
  | 'JWT_BEARER';

/** How a server signs in: with the user's password, or with an OAuth 2.0 access token. */
export type MailAuthentication = 'PASSWORD' | 'OAUTH2';

/** The OAuth 2.0 client of one mail server, secrets decrypted (held in memory only while used). */
export interface OAuth2Client {
  grant: OAuth2Grant;
  /** The token endpoint; always `https`. */
  tokenUrl: string;
  clientId: string;
  /** Space-separated scopes; null: none sent. */
  scope: string | null;
  /** CLIENT_CREDENTIALS and REFRESH_TOKEN (when the client is confidential). */
  clientSecret: string | undefined;
  /** REFRESH_TOKEN. */
  refreshToken: string | undefined;
  /** JWT_BEARER: the service account's private key (PEM, PKCS#8). */
  privateKey: string | undefined;
  /** JWT_BEARER: the service account's e-mail (`iss` of the assertion). */
  serviceAccountEmail: string | undefined;
  /** The mailbox to sign in as (the server's `user`): `sub` of a JWT_BEARER assertion, the user of XOAUTH2. */
  user: string;
}

/** What a token cache tells an administrator about one client; never a token or a secret. */
export interface TokenStatus {
  state: 'NONE' | 'VALID' | 'REFRESHING' | 'FAILED';
  expiresAt: Date | null;
  /** The provider's error code and description (`invalid_client: AADSTS7000215 ...`), or why the endpoint failed. */
  lastError: string | null;
}

/**
 * Access tokens for one OAuth2Client: `token()` answers a cached token or fetches one (one fetch
 * at a time however many callers wait); `reject(token)` is called when the mail server refused
 * `token` at AUTH, and evicts it unless a newer one has replaced it already.
 */
export interface AccessTokenSource {
  token(): Promise<string>;
  reject(token: string): void;
  status(): TokenStatus;
}
