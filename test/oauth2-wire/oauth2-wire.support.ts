/** Helpers for the OAuth 2.0 tests through the API (not a test file itself). */
import { useTestApp, type SharedTestApp } from '../support/test-app';
import type { TestTokenEndpoint } from '../support/token-endpoint';
import type { Xoauth2SmtpPeer } from '../support/xoauth2-smtp-peer';

/**
 * An app per test that trusts the token endpoint's CA (read at each start: start the endpoint in a
 * beforeAll declared before this call), with connection-check limits no test here reaches.
 */
export function useAppTrustingEndpoint(endpoint: () => TestTokenEndpoint): SharedTestApp {
  return useTestApp(
    {
      mailCheck: { testsPerWindow: 1_000, emailsPerWindow: 1_000, wholeTestMs: 15_000, stepMs: 5_000 },
      get mailTlsCa() {
        return [endpoint().ca.cert];
      },
    },
    'test',
  );
}

/** The settings input of an OAUTH2 outgoing server: the XOAUTH2 peer, in plain text, as `user`, with `oauth2`. */
export function oauth2OutgoingInput(peer: Xoauth2SmtpPeer, user: string, oauth2: Record<string, unknown>) {
  return {
    outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE', user, authentication: 'OAUTH2', oauth2 },
    defaultSender: { name: 'OAuth', address: 'noreply@oauth.test' },
  };
}

/** Forgets the grants the endpoint received and the tokens the peer accepted or was offered. */
export function forgetGrants(endpoint: TestTokenEndpoint, peer: Xoauth2SmtpPeer): void {
  endpoint.grants.length = 0;
  peer.accepted.clear();
  peer.offered.length = 0;
}
