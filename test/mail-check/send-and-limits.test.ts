import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { useTestApp } from '../support/test-app';
import { onlyError, updateOk } from '../api/mail-session.operations';
import { SEND_TEST_EMAIL, testSession } from './operations';

const t = useTestApp({ mailCheck: { testsPerWindow: 3, emailsPerWindow: 3, windowMs: 60_000 } });
let peer: SmtpPeer;

beforeAll(async () => {
  peer = await startSmtpPeer({
    server: { onRcptTo: (address, _session, callback) => callback(address.address.endsWith('@refused.example') ? new Error('no such user') : null) },
  });
});
afterAll(() => peer.close());

interface SendResult {
  accepted: string[];
  rejected: string[];
  response: string;
  messageId: string;
}

describe('sendTestEmail and the rate limits', () => {
  it('is refused with UNAVAILABLE while no outgoing server is configured', async () => {
    const result = await t.gql(SEND_TEST_EMAIL, { to: 'someone@example.com' });
    expect(onlyError(result).code).toBe('UNAVAILABLE');
  });

  it('delivers a real message that the SMTP peer receives with the default sender as From, the To and the Message-ID returned', async () => {
    await updateOk(t, { outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE' }, defaultSender: { name: 'Portal', address: 'portal@example.com' } });
    const result = await t.gql<{ sendTestEmail: SendResult }>(SEND_TEST_EMAIL, { to: 'admin@example.com' });
    expect(result.errors).toBeUndefined();
    const sent = result.data?.sendTestEmail;
    expect(sent).toMatchObject({ accepted: ['admin@example.com'], rejected: [], response: expect.stringMatching(/^250 /) });
    await peer.waitFor(1);
    const received = peer.received[0];
    expect(received?.messageId).toBe(sent?.messageId);
    expect(received?.mailFrom).toBe('portal@example.com');
    expect(received?.rcptTo).toEqual(['admin@example.com']);
    expect(received?.headers).toMatch(/^From: Portal <portal@example\.com>$/m);
    expect(received?.headers).toMatch(/^To: admin@example\.com$/m);
  });

  it('reports a refused recipient as SEND_FAILED with the server reply', async () => {
    const result = await t.gql(SEND_TEST_EMAIL, { to: 'nobody@refused.example' });
    const error = onlyError(result);
    expect(error.code).toBe('SEND_FAILED');
    expect(error.message).toMatch(/no such user/);
  });

  it('limits sendTestEmail per caller with RATE_LIMITED and a retry time', async () => {
    // The three calls above (refused ones count too) used the budget of 3.
    const result = await t.gql(SEND_TEST_EMAIL, { to: 'admin@example.com' });
    const error = onlyError(result);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.extensions.retryAfterSeconds).toEqual(expect.any(Number));
    expect(Number(error.extensions.retryAfterSeconds)).toBeGreaterThan(0);
    expect(Number(error.extensions.retryAfterSeconds)).toBeLessThanOrEqual(60);
  });

  it('refuses an address that is not an e-mail address before sending anything', async () => {
    const before = peer.received.length;
    const result = await t.gql(SEND_TEST_EMAIL, { to: 'admin@example.com\r\nBcc: victim@example.com' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(peer.received.length).toBe(before);
  });

  it('limits testMailSession per caller with RATE_LIMITED after the budget, opening no connection', async () => {
    for (let i = 0; i < 3; i++) expect((await testSession(t)).errors).toBeUndefined();
    let connections = 0;
    const watched = await startSmtpPeer({
      server: {
        onConnect: (_session, callback) => {
          connections++;
          callback();
        },
      },
    });
    try {
      const error = onlyError(await testSession(t, { outgoing: { host: '127.0.0.1', port: watched.port } }));
      expect(error.code).toBe('RATE_LIMITED');
      expect(Number(error.extensions.retryAfterSeconds)).toBeGreaterThan(0);
      expect(connections).toBe(0);
    } finally {
      await watched.close();
    }
  });
});
