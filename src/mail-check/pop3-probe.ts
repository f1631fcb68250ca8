import type { NetworkPolicy } from '../platform/network/network-policy.js';
import type { MailboxConnection } from '../transport/mailbox-connection.js';
import { CheckFailure, type StepRecorder } from './check-step.js';
import { connectSteps, startTls } from './network-steps.js';
import { greetingTimeout } from './failure-classifier.js';
import { Pop3Client } from './pop3-client.js';
import { tokenStep, withTokenRetry } from './token-step.js';
import { xoauth2ErrorText, xoauth2Response } from '../transport/xoauth2.js';

/** The incoming connection's TLS options in the shape the network steps take. */
export function probeTarget(connection: MailboxConnection) {
  const { tls } = connection;
  return {
    host: connection.host,
    port: connection.port,
    security: connection.security,
    tls: {
      rejectUnauthorized: tls.rejectUnauthorized,
      checkServerIdentity: tls.checkServerIdentity,
      ...(tls.minVersion && { minVersion: tls.minVersion as 'TLSv1.2' }),
      ...(tls.maxVersion && { maxVersion: tls.maxVersion as 'TLSv1.2' }),
      ...(tls.servername && { servername: tls.servername }),
      ...(tls.ca && { ca: tls.ca }),
    },
    connectionTimeout: connection.connectionTimeout,
  };
}

/** RFC 3206 response codes for a maildrop that is in use elsewhere or that the server cannot open. */
const MAILDROP_UNAVAILABLE = /^\[(IN-USE|SYS\/TEMP|SYS\/PERM)\]/i;

/**
 * Tests a POP3 mailbox: DNS, TCP, TLS (implicit or STLS), greeting, USER/PASS, STAT. Reads,
 * marks and deletes nothing.
 */
export async function probePop3(connection: MailboxConnection, recorder: StepRecorder, network: NetworkPolicy): Promise<void> {
  recorder.conceal(connection.auth);
  const target = probeTarget(connection);
  const socket = await connectSteps(target, recorder, network);
  if (!socket) return;
  const client = new Pop3Client(socket, (text) => recorder.serverText(text));
  try {
    let capabilities: string[] = [];
    const greeting = await recorder.run(
      'GREETING',
      async () => {
        const banner = await client.reply();
        if (!banner.ok) throw new CheckFailure('PROTOCOL_ERROR', `the server refused the session: ${banner.text}`);
        capabilities = await client.capabilities();
        return { message: `POP3 server ready; ${capabilities.length} capabilities`, details: { greeting: banner.text, extensions: capabilities } };
      },
      connection.socketTimeout,
      (text) => greetingTimeout(connection.security, text),
    );
    if (!greeting) return;
    if (connection.security !== 'TLS') {
      const stls = capabilities.some((line) => line.toUpperCase() === 'STLS');
      const upgraded = await recorder.run('TLS', async (_limit, signal) => {
        if (connection.security === 'NONE') {
          return { skipped: true, message: `security is NONE: the connection stays in clear text${stls ? ' although the server offers STLS' : ''}` };
        }
        if (!stls) {
          if (connection.security === 'STARTTLS') {
            throw new CheckFailure(
              'STARTTLS_UNAVAILABLE',
              'the server does not offer STLS (STARTTLS for POP3), which security STARTTLS requires; use TLS on port 995, or ask the server administrator',
            );
          }
          return { skipped: true, message: 'the server does not offer STLS: continuing in clear text, as STARTTLS_OPTIONAL allows' };
        }
        let outcome: Awaited<ReturnType<typeof startTls>>['outcome'] | undefined;
        const reply = await client.startTls(async (plain) => {
          const secured = await startTls(plain, connection.host, target.tls, 'STARTTLS', signal);
          outcome = secured.outcome;
          return secured.socket;
        });
        if (!reply.ok || !outcome) throw new CheckFailure('STARTTLS_UNAVAILABLE', `the server offered STLS but refused it: ${reply.text}`);
        return outcome;
      });
      if (!upgraded) return;
    }
    const oauth2 = connection.oauth2;
    if (oauth2) {
      const token = await tokenStep(recorder, oauth2);
      if (token === undefined) return;
      const signedIn = await recorder.run(
        'AUTHENTICATION',
        async () => {
          const reply = await withTokenRetry(recorder, oauth2.user, oauth2.tokens, token, (t) => client.xoauth2(xoauth2Response(oauth2.user, t)));
          if (!reply.ok) {
            const why = reply.challenge === undefined ? reply.text : `${xoauth2ErrorText(reply.challenge)}:${reply.text}`;
            throw new CheckFailure('AUTH_FAILED', `the server refused the access token${reply.retried ? ' and a fresh one' : ''}: ${why}`, {
              authMechanism: 'XOAUTH2',
            });
          }
          return {
            message: `logged in with AUTH XOAUTH2${reply.retried ? ' (the first token was refused; a fresh one was accepted)' : ''}`,
            details: { authMechanism: 'XOAUTH2' },
          };
        },
        connection.socketTimeout,
      );
      if (!signedIn) return;
    }
    const auth = oauth2 ? undefined : connection.auth;
    const loggedIn = oauth2
      ? { message: '' }
      : await recorder.run(
          'AUTHENTICATION',
          async () => {
            if (!auth) throw new CheckFailure('AUTH_FAILED', 'no incoming.user is set: a mailbox cannot be opened without logging in');
            const reply = await client.login(auth.user, auth.pass);
            if (!reply.ok) {
              // RFC 3206: a locked or broken maildrop is not a wrong password.
              if (MAILDROP_UNAVAILABLE.test(reply.text))
                throw new CheckFailure('MAILBOX_UNAVAILABLE', `the server took the login but could not open the mailbox: ${reply.text}`, {
                  authMechanism: 'USER/PASS',
                });
              throw new CheckFailure('AUTH_FAILED', `the server refused the user name or password: ${reply.text}`, { authMechanism: 'USER/PASS' });
            }
            return { message: 'logged in with USER/PASS', details: { authMechanism: 'USER/PASS' } };
          },
          connection.socketTimeout,
        );
    if (!loggedIn) return;
    await recorder.run(
      'MAILBOX',
      async () => {
        const stat = await client.stat();
        if ('ok' in stat) throw new CheckFailure('MAILBOX_UNAVAILABLE', `the server could not open the mailbox: ${stat.text}`);
        return {
          message: `the mailbox holds ${stat.count} ${stat.count === 1 ? 'message' : 'messages'} (${stat.size} octets); none was read, changed or deleted`,
          details: { messageCount: stat.count },
        };
      },
      connection.socketTimeout,
    );
  } finally {
    client.quit();
  }
}
