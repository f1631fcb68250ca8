import { randomBytes } from 'node:crypto';
import { updateOk } from '../api/mail-session.operations';
import { SEND_TEST_EMAIL } from '../mail-check/operations';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { TestTokenEndpoint, type TokenHandler } from '../support/token-endpoint';
import { waitUntil } from '../support/wait-until';
import { startXoauth2SmtpPeer, type Xoauth2SmtpPeer } from '../support/xoauth2-smtp-peer';
import { subscribe, wsClient, type Operation } from './subscription-clients';

/*
 * Issue 15: a subscriber of mailSessionChanged learns when a live OAuth 2.0 token's state
 * changes (first token obtained, VALID → FAILED, FAILED → VALID) without waiting for the next
 * settings change, and is not sent an event for a token that was merely fetched again.
 */

const USER = 'mailer@oauth.test';
const SCOPE = 'https://outlook.office365.com/.default';

let endpoint: TestTokenEndpoint;
let peer: Xoauth2SmtpPeer;

const issue: TokenHandler = () => {
  const token = `at-${randomBytes(16).toString('base64url')}`;
  peer.accepted.add(token);
  return { status: 200, body: JSON.stringify({ token_type: 'Bearer', access_token: token, expires_in: 3600 }) };
};

const refuse: TokenHandler = () => ({
  status: 400,
  body: JSON.stringify({ error: 'invalid_grant', error_description: 'AADSTS70000: The provided grant is invalid or malformed.', error_codes: [70000] }),
});

beforeAll(async () => {
  endpoint = await TestTokenEndpoint.start();
  peer = await startXoauth2SmtpPeer(USER, SCOPE);
});

afterAll(async () => {
  await Promise.all([peer?.close(), endpoint?.stop()]);
});

const t = useTestApp({
  mailCheck: { testsPerWindow: 1_000, emailsPerWindow: 1_000, wholeTestMs: 10_000, stepMs: 5_000 },
  get mailTlsCa() {
    return [endpoint.ca.cert];
  },
});

interface Changed {
  mailSessionChanged: {
    version: number;
    defaultSender: { name: string | null };
    outgoing: { oauth2: { token: { state: string; lastError: string | null } } | null };
    transports: { outgoing: { state: string } };
  };
}

const CHANGED: Operation<Changed> = `subscription {
  mailSessionChanged { version defaultSender { name } outgoing { oauth2 { token { state lastError } } } transports { outgoing { state } } }
}`;

/** What an event says, in a line. */
function summary(event: { data?: Changed | null }): string {
  const changed = event.data?.mailSessionChanged;
  if (!changed) return `no data: ${JSON.stringify(event)}`;
  const token = changed.outgoing.oauth2?.token;
  const error = token?.lastError ? ` ${/AADSTS\d+/.exec(token.lastError)?.[0] ?? 'error'}` : '';
  return `v${changed.version} ${changed.defaultSender.name ?? '-'} token:${token?.state ?? 'none'}${error} transport:${changed.transports.outgoing.state}`;
}

const send = () => t.gql<{ sendTestEmail: { accepted: string[] } }>(SEND_TEST_EMAIL, { to: 'admin@example.org' });

describe('mailSessionChanged tells subscribers when a live OAuth 2.0 token changes state', () => {
  it('first token obtained, VALID → FAILED, FAILED → VALID and the sign-in READY again: one event each, with the same version; a token fetched again sends none', async () => {
    endpoint.handler = issue;
    const client = wsClient(t.url, ADMIN_TOKEN);
    const { events, dispose } = subscribe(client, CHANGED);
    try {
      await waitUntil('the subscription is in place', () => t.app.mailSessionChanges.subscribers === 1);
      const saved = await updateOk(t, {
        outgoing: {
          host: '127.0.0.1',
          port: peer.port,
          security: 'NONE',
          user: USER,
          authentication: 'OAUTH2',
          oauth2: { grant: 'CLIENT_CREDENTIALS', tokenUrl: endpoint.url(), clientId: 'events', clientSecret: 'events-secret-1', scope: SCOPE },
        },
        defaultSender: { name: 'First', address: 'noreply@oauth.test' },
      });
      const version = saved.mailSession.version;
      // The version applied: its first token is still being fetched (in the background).
      expect(summary(await events.next())).toMatch(new RegExp(`^v${version} First token:(NONE|REFRESHING) transport:READY$`));
      // The first token obtained: the subscriber is told at once.
      expect(summary(await events.next())).toBe(`v${version} First token:VALID transport:READY`);

      // The server refuses the token: rejected, fetched again, delivered. Still VALID: no event.
      peer.accepted.clear();
      await peer.dropConnections();
      expect((await send()).data?.sendTestEmail.accepted).toEqual(['admin@example.org']);
      expect(endpoint.grants).toHaveLength(2);

      // Refused again, and the provider now refuses the grant: FAILED, told at once.
      peer.accepted.clear();
      await peer.dropConnections();
      endpoint.handler = refuse;
      expect((await send()).errors?.[0]?.extensions).toMatchObject({ code: 'SEND_FAILED' });
      expect(summary(await events.next())).toBe(`v${version} First token:FAILED AADSTS70000 transport:FAILED`);

      // The provider grants again: once the backoff has passed, a send obtains a token (VALID, told at
      // once), and signs in with it (the transport READY again, told at once).
      endpoint.handler = issue;
      await waitUntil('a send succeeds again', async () => (await send()).data?.sendTestEmail.accepted.length === 1, 10_000);
      expect(summary(await events.next())).toBe(`v${version} First token:VALID transport:FAILED`);
      expect(summary(await events.next())).toBe(`v${version} First token:VALID transport:READY`);

      // The next event is the next settings version: nothing was sent in between.
      await updateOk(t, { defaultSender: { name: 'Second' } });
      expect(summary(await events.next())).toBe(`v${version + 1} Second token:VALID transport:READY`);
      expect(events.size).toBe(0);
    } finally {
      dispose();
      await client.dispose();
    }
  });
});
