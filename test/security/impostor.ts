/** An impostor SMTP server for the security tests (not a test file itself). */
import type { TestCertificate } from '../support/certificates';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';

/** What one AUTH exchange gave the server: the mechanism, and the secret when it can read one. */
export interface AuthSeen {
  method: string;
  user: string | undefined;
  /** The password (PLAIN, LOGIN) or bearer token (XOAUTH2); undefined for CRAM-MD5, which reveals neither. */
  secret: string | undefined;
}

export interface Impostor {
  peer: SmtpPeer;
  /** Every AUTH attempt, in order. */
  seen: AuthSeen[];
  /** Resolves with the next AUTH attempt (rejects after `timeoutMs`). */
  nextAuth(timeoutMs?: number): Promise<AuthSeen>;
}

/**
 * A real SMTP server (smtp-server) on loopback that offers PLAIN, LOGIN, CRAM-MD5 and XOAUTH2, even
 * in clear text, accepts any login and records what each AUTH revealed, as a server that logs
 * passwords would. `tls`: implicit TLS, STARTTLS offered, or plain.
 */
export async function startImpostor(options: { tls: 'IMPLICIT' | 'STARTTLS' | 'NONE'; certificate: TestCertificate }): Promise<Impostor> {
  const seen: AuthSeen[] = [];
  const waiting: ((auth: AuthSeen) => void)[] = [];
  const peer = await startSmtpPeer({
    server: {
      secure: options.tls === 'IMPLICIT',
      key: options.certificate.key,
      cert: options.certificate.cert,
      disabledCommands: options.tls === 'STARTTLS' ? [] : ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
      onAuth(auth, _session, callback) {
        const entry = { method: auth.method, user: auth.username, secret: auth.password ?? auth.accessToken ?? undefined };
        seen.push(entry);
        waiting.splice(0).forEach((resolve) => resolve(entry));
        callback(null, { user: auth.username ?? 'anyone' });
      },
    },
  });
  return {
    peer,
    seen,
    nextAuth(timeoutMs = 10_000) {
      return new Promise<AuthSeen>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no AUTH arrived')), timeoutMs);
        waiting.push((auth) => {
          clearTimeout(timer);
          resolve(auth);
        });
      });
    },
  };
}
