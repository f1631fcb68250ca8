import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Writable } from 'node:stream';
import type { StoredMailSession } from '../../src/mail-settings/mail-session.row';
import { DEFAULT_NETWORK_SETTINGS, NetworkPolicy } from '../../src/platform/network/network-policy';
import { SecretBox } from '../../src/platform/secrets/secret-box';
import { buildTransports } from '../../src/transport/transport-factory';
import { TransportManager } from '../../src/transport/transport-manager';
import { IssuedTokens } from '../support/issued-tokens';
import { storedMailSession } from '../support/stored-mail-session';
import { startXoauth2SmtpPeer, type Xoauth2SmtpPeer } from '../support/xoauth2-smtp-peer';

const USER = 'mailer@oauth.test';

function row(port: number): StoredMailSession {
  return storedMailSession({
    version: 1,
    outgoingHost: '127.0.0.1',
    outgoingPort: port,
    outgoingUser: USER,
    additionalProperties: [{ key: 'mail.debug', value: 'true' }],
    defaultSenderName: 'OAuth Test',
    defaultSenderAddress: 'noreply@oauth.test',
    updatedAt: new Date(),
  });
}

describe('the live SMTP transport signs in with XOAUTH2 using the service-owned token source', () => {
  /** Accepts XOAUTH2 only, for USER with a token in `peer.accepted`; `peer.offered`: every token it was offered. */
  let peer: Xoauth2SmtpPeer;
  const logLines: string[] = [];
  const log = pino(
    { level: 'trace' },
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(chunk.toString());
        callback();
      },
    }),
  );
  const box = new SecretBox({ id: 'k1', key: randomBytes(32) });
  const network = new NetworkPolicy({ ...DEFAULT_NETWORK_SETTINGS, deny: [] });

  beforeAll(async () => {
    // Refuses in Google's form: a 334 challenge with a base64 JSON error, then 535.
    peer = await startXoauth2SmtpPeer(USER, 'https://mail.google.com/');
  });
  afterAll(async () => {
    await peer?.close();
  });
  beforeEach(() => {
    peer.accepted.clear();
    peer.offered.length = 0;
    logLines.length = 0;
  });

  function managerWith(tokens: IssuedTokens, version: number): TransportManager {
    const manager = new TransportManager(log);
    const built = buildTransports({ ...row(peer.port), version }, box, log, network, undefined, { outgoing: { key: `client-${version}`, tokens } });
    expect(built.outgoing.state).toBe('READY');
    manager.apply(built);
    return manager;
  }

  /** A source whose tokens the peer accepts as soon as they are issued, except the ones `refuse` names. */
  function acceptedTokens(refuse: (index: number) => boolean, delayMs = 0): IssuedTokens {
    let index = 0;
    return new IssuedTokens(() => {
      const token = `tok-${index}-${randomBytes(12).toString('base64url')}`;
      if (!refuse(index)) peer.accepted.add(token);
      index++;
      return token;
    }, delayMs);
  }

  it('delivers through an XOAUTH2-only server with the source’s token', async () => {
    const tokens = acceptedTokens(() => false);
    const manager = managerWith(tokens, 2);
    const before = peer.received.length;
    const info = await manager.send({ to: 'rcpt@oauth.test', subject: 'xoauth2', text: 'hello' });
    expect(info.accepted).toEqual(['rcpt@oauth.test']);
    expect(peer.received.length).toBe(before + 1);
    expect(peer.received.at(-1)?.user).toBe(USER);
    expect(tokens.fetches).toBe(1);
    expect(peer.offered).toEqual([tokens.issued[0]]);
    expect(manager.transportStatus().outgoing.state).toBe('READY');
    await manager.close(5_000);
  });

  it('a revoked token: the server refuses it once, the transport rejects it, fetches one fresh token and delivers', async () => {
    const tokens = acceptedTokens((index) => index === 0);
    const manager = managerWith(tokens, 3);
    await manager.send({ to: 'rcpt@oauth.test', subject: 'revoked', text: 'hello' });
    expect(tokens.rejected).toEqual([tokens.issued[0]]);
    expect(tokens.fetches).toBe(2);
    expect(peer.offered).toEqual(tokens.issued);
    expect(manager.transportStatus().outgoing).toMatchObject({ state: 'READY', lastError: null });
    await manager.close(5_000);
  });

  it('refused twice: the send fails with EAUTH and the transport is FAILED naming the refusal, never the token', async () => {
    const tokens = acceptedTokens(() => true);
    const manager = managerWith(tokens, 4);
    const error = (await manager.send({ to: 'rcpt@oauth.test', subject: 'refused', text: 'hello' }).catch((e: unknown) => e)) as Error & { code?: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('EAUTH');
    expect(tokens.fetches).toBe(2);
    expect(tokens.rejected).toEqual(tokens.issued);
    const status = manager.transportStatus().outgoing;
    expect(status.state).toBe('FAILED');
    expect(status.lastError).toContain('status 401');
    for (const token of tokens.issued) {
      expect(status.lastError).not.toContain(token);
      expect(error.message).not.toContain(token);
      expect(logLines.join('')).not.toContain(token);
      expect(logLines.join('')).not.toContain(Buffer.from(`user=${USER}\x01auth=Bearer ${token}\x01\x01`).toString('base64'));
    }
    // The server then accepts a fresh token again: the next sign-in clears the state.
    peer.accepted.add('later');
    const after = new IssuedTokens(() => 'later');
    const next = managerWith(after, 5);
    await next.send({ to: 'rcpt@oauth.test', subject: 'again', text: 'hello' });
    expect(next.transportStatus().outgoing.state).toBe('READY');
    await manager.close(5_000);
    await next.close(5_000);
  });

  it('no token to be had: the send fails and the state names the token source’s error', async () => {
    const tokens = new IssuedTokens();
    tokens.failWith = 'invalid_client: AADSTS7000215 Invalid client secret provided';
    const manager = managerWith(tokens, 6);
    await expect(manager.send({ to: 'rcpt@oauth.test', subject: 'none', text: 'x' })).rejects.toMatchObject({ code: 'EAUTH' });
    expect(manager.transportStatus().outgoing).toMatchObject({ state: 'FAILED', lastError: expect.stringContaining('AADSTS7000215') });
    expect(peer.offered).toEqual([]);
    await manager.close(5_000);
  });

  it('concurrent sends over several pooled connections: one token fetch', async () => {
    const tokens = acceptedTokens(() => false, 50);
    const manager = managerWith(tokens, 7);
    const before = peer.received.length;
    await Promise.all(Array.from({ length: 12 }, (_, i) => manager.send({ to: `r${i}@oauth.test`, subject: `c${i}`, text: 'x' })));
    expect(peer.received.length).toBe(before + 12);
    expect(tokens.fetches).toBe(1);
    expect(new Set(peer.offered)).toEqual(new Set([tokens.issued[0]]));
    expect(peer.offered.length).toBeGreaterThan(1);
    await manager.close(5_000);
  });

  it('a send waiting for a slow token blocks no other server', async () => {
    let release: (token: string) => void = () => undefined;
    const slow = new IssuedTokens(() => new Promise<string>((resolve) => (release = resolve)));
    const slowManager = managerWith(slow, 8);
    const pending = slowManager.send({ to: 'slow@oauth.test', subject: 'slow', text: 'x' });
    const fast = managerWith(
      acceptedTokens(() => false),
      9,
    );
    await fast.send({ to: 'fast@oauth.test', subject: 'fast', text: 'x' });
    expect(peer.received.at(-1)?.rcptTo).toEqual(['fast@oauth.test']);
    expect(slow.fetches).toBe(1);
    peer.accepted.add('slow-token');
    release('slow-token');
    await pending;
    expect(peer.received.at(-1)?.rcptTo).toEqual(['slow@oauth.test']);
    await fast.close(5_000);
    await slowManager.close(5_000);
  });
});
