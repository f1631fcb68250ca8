import type { SMTPServerAuthentication, SMTPServerAuthenticationResponse, SMTPServerSession } from 'smtp-server';
import { startSmtpPeer, type SmtpPeer } from './smtp-peer';

/** An SMTP server that takes OAuth 2.0 only: what it accepts and what it was offered. */
export interface Xoauth2SmtpPeer extends SmtpPeer {
  /** The bearer tokens it accepts for `user` (issued and not revoked); the test fills and empties it. */
  readonly accepted: Set<string>;
  /** Every token offered at AUTH, in order. */
  readonly offered: string[];
}

/**
 * A real smtp-server that offers XOAUTH2 only and signs in `user` with exactly the tokens in
 * `accepted`. A refused token gets the providers' answer: a 334 challenge with a base64 JSON
 * error (status 401, scheme bearer, `scope`), then 535.
 */
export async function startXoauth2SmtpPeer(user: string, scope = 'https://outlook.office365.com/.default'): Promise<Xoauth2SmtpPeer> {
  const accepted = new Set<string>();
  const offered: string[] = [];
  const peer = await startSmtpPeer({
    server: {
      authOptional: false,
      authMethods: ['XOAUTH2'],
      onAuth(
        auth: SMTPServerAuthentication,
        _session: SMTPServerSession,
        callback: (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void,
      ) {
        const token = auth.accessToken ?? '';
        offered.push(token);
        if (auth.method === 'XOAUTH2' && auth.username === user && accepted.has(token)) {
          callback(null, { user });
          return;
        }
        callback(null, { data: { status: '401', schemes: 'bearer', scope } });
      },
    },
  });
  return Object.assign(peer, { accepted, offered });
}
