import { createHmac } from 'node:crypto';
import type { SmtpAuthMechanism } from '../javamail/mail-properties.values.js';
import type { ConnectionSecurity } from '../mail-settings/mail-session.model.js';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import { CheckFailure, type StepRecorder } from './check-step.js';
import { LineChannel } from './line-channel.js';
import { greetingTimeout, smtpRefusal } from './failure-classifier.js';
import { connectSteps, startTls, type ProbeTls } from './network-steps.js';
import { foreignPeer } from './server-text.js';
import type { AccessTokenSource } from '../oauth2/oauth2-client.js';
import type { TokenCheck } from '../oauth2/token-check.js';
import { xoauth2ErrorText, xoauth2Response } from '../transport/xoauth2.js';
import { tokenStep, withTokenRetry } from './token-step.js';

/** What the SMTP probe needs, all derived from the live transport's options. */
export interface SmtpProbeTarget {
  host: string;
  port: number;
  security: ConnectionSecurity;
  tls: ProbeTls;
  auth: { user: string; pass: string } | undefined;
  /** OAuth 2.0: XOAUTH2 with the source's tokens, as the live transport signs in (excludes `auth`). */
  oauth2?: { user: string; tokens: AccessTokenSource; check?: TokenCheck } | undefined;
  authMethod: SmtpAuthMechanism | undefined;
  ehloName: string;
  /** The envelope sender the live transport uses: `mail.smtp.from`, else the default sender. */
  sender: string | undefined;
  /** RCPT TO of the sender check: the test recipient when one is given, else the sender. */
  recipient: string | undefined;
  connectionTimeout: number | undefined;
  greetingTimeout: number | undefined;
  socketTimeout: number | undefined;
}

interface Reply {
  code: number;
  lines: string[];
}

/** One reply, of at most `PEER_LIMITS.linesPerReply` lines. A peer that does not answer in SMTP is classified, never quoted. */
async function readReply(channel: LineChannel, what = 'its answer'): Promise<Reply> {
  const lines: string[] = [];
  for (;;) {
    const line = await channel.readLine();
    const match = /^(\d{3})([ -]?)(.*)$/.exec(line);
    if (!match)
      throw new CheckFailure('PROTOCOL_ERROR', `the server does not speak SMTP: ${what} is not an SMTP reply (${foreignPeer(line)}); is this an SMTP port?`);
    lines.push(match[3] ?? '');
    channel.replyLines(lines.length);
    if (match[2] !== '-') return { code: Number(match[1]), lines };
  }
}

async function command(channel: LineChannel, line: string): Promise<Reply> {
  channel.write(line);
  return readReply(channel);
}

/** `EHLO`; the extensions offered, one keyword line each (`SIZE 10240000`, `AUTH PLAIN LOGIN`). */
async function ehlo(channel: LineChannel, name: string, recorder: StepRecorder): Promise<string[]> {
  const reply = await command(channel, `EHLO ${name}`);
  if (reply.code !== 250) throw smtpRefusal('EHLO', `${reply.code} ${recorder.serverText(reply.lines.join(' '))}`);
  return reply.lines.slice(1).map((line) => recorder.serverText(line.trim()));
}

function offered(extensions: string[], keyword: string): string[] | undefined {
  const entry = extensions.find((line) => line.toUpperCase().split(/[\s=]/)[0] === keyword);
  return entry === undefined
    ? undefined
    : entry
        .toUpperCase()
        .split(/[\s=]+/)
        .slice(1);
}

/**
 * The mechanism nodemailer picks when `mail.smtp.auth.mechanisms` chooses none: the first of these
 * the server offers. XOAUTH2 is left out as nodemailer leaves it out without an OAuth 2.0 token:
 * a password must never go out as a bearer token.
 */
const CLIENT_MECHANISMS: readonly SmtpAuthMechanism[] = ['PLAIN', 'LOGIN', 'CRAM-MD5'];

async function authenticate(channel: LineChannel, mechanism: string, auth: { user: string; pass: string }): Promise<Reply> {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  switch (mechanism) {
    case 'PLAIN':
      return command(channel, `AUTH PLAIN ${b64(`\0${auth.user}\0${auth.pass}`)}`);
    case 'LOGIN': {
      let reply = await command(channel, 'AUTH LOGIN');
      if (reply.code !== 334) return reply;
      reply = await command(channel, b64(auth.user));
      if (reply.code !== 334) return reply;
      return command(channel, b64(auth.pass));
    }
    case 'CRAM-MD5': {
      const reply = await command(channel, 'AUTH CRAM-MD5');
      if (reply.code !== 334) return reply;
      const challenge = Buffer.from(reply.lines[0] ?? '', 'base64').toString('latin1');
      return command(channel, b64(`${auth.user} ${createHmac('md5', auth.pass).update(challenge, 'latin1').digest('hex')}`));
    }
    default:
      throw new CheckFailure('AUTH_UNAVAILABLE', `this service does not run ${mechanism} with a password`);
  }
}

type Authenticated = Awaited<ReturnType<StepRecorder['run']>>;

/** AUTHENTICATION with the user's password, by the mechanism nodemailer would pick. */
function passwordAuthentication(lines: LineChannel, target: SmtpProbeTarget, extensions: string[], recorder: StepRecorder): Promise<Authenticated> {
  const auth = target.auth;
  const replyText = (reply: Reply) => `${reply.code} ${recorder.serverText(reply.lines.join(' '))}`;
  return recorder.run(
    'AUTHENTICATION',
    async () => {
      if (!auth) return { skipped: true, message: 'no user is set (or mail.smtp.auth is false): not authenticating' };
      const serverMechanisms = offered(extensions, 'AUTH');
      if (!serverMechanisms || serverMechanisms.length === 0) {
        throw new CheckFailure(
          'AUTH_UNAVAILABLE',
          target.security === 'TLS' || target.security === 'STARTTLS'
            ? 'the server offers no authentication (no AUTH extension); clear outgoing.user if it accepts mail without it'
            : 'the server offers no authentication on this connection; many servers offer it only after STARTTLS',
        );
      }
      const mechanism = target.authMethod ?? CLIENT_MECHANISMS.find((m) => serverMechanisms.includes(m));
      if (!mechanism || !serverMechanisms.includes(mechanism)) {
        throw new CheckFailure(
          'AUTH_UNAVAILABLE',
          `the server offers ${serverMechanisms.join(', ')}, none of which this service will use${target.authMethod ? ` (mail.smtp.auth.mechanisms chose ${target.authMethod})` : ''}`,
        );
      }
      const reply = await authenticate(lines, mechanism, auth);
      if (reply.code !== 235) {
        throw new CheckFailure('AUTH_FAILED', `the server refused the user name or password (${mechanism}): ${replyText(reply)}`, {
          authMechanism: mechanism,
        });
      }
      return { message: `authenticated with ${mechanism}`, details: { authMechanism: mechanism } };
    },
    target.socketTimeout,
  );
}

/**
 * OAuth 2.0: TOKEN, then AUTHENTICATION with XOAUTH2 exactly as the live transport signs in: the
 * token; when refused, that token rejected and one fresh token tried.
 */
async function tokenAuthentication(
  lines: LineChannel,
  target: SmtpProbeTarget,
  oauth2: { user: string; tokens: AccessTokenSource; check?: TokenCheck },
  extensions: string[],
  recorder: StepRecorder,
): Promise<Authenticated> {
  const token = await tokenStep(recorder, oauth2);
  if (token === undefined) return undefined;
  return recorder.run(
    'AUTHENTICATION',
    async () => {
      const serverMechanisms = offered(extensions, 'AUTH') ?? [];
      if (!serverMechanisms.includes('XOAUTH2')) {
        throw new CheckFailure(
          'AUTH_UNAVAILABLE',
          serverMechanisms.length === 0
            ? 'the server offers no authentication on this connection; OAuth 2.0 needs AUTH XOAUTH2'
            : `the server offers ${serverMechanisms.join(', ')} but not XOAUTH2, which OAuth 2.0 sign-in needs`,
        );
      }
      const outcome = await withTokenRetry(recorder, oauth2.user, oauth2.tokens, token, async (candidate) => {
        const reply = await command(lines, `AUTH XOAUTH2 ${xoauth2Response(oauth2.user, candidate)}`);
        if (reply.code === 235) return { ok: true, refusal: '' };
        if (reply.code !== 334) return { ok: false, refusal: `${reply.code} ${recorder.serverText(reply.lines.join(' '))}` };
        // The error challenge (base64 JSON) is answered with an empty line; the server then ends the exchange.
        const final = await command(lines, '');
        return { ok: final.code === 235, refusal: `${xoauth2ErrorText(reply.lines.join(''))}; ${final.code} ${recorder.serverText(final.lines.join(' '))}` };
      });
      if (!outcome.ok) {
        throw new CheckFailure('AUTH_FAILED', `the server refused the access token${outcome.retried ? ' and a fresh one' : ''} (XOAUTH2): ${outcome.refusal}`, {
          authMechanism: 'XOAUTH2',
        });
      }
      return {
        message: `authenticated with XOAUTH2${outcome.retried ? ' (the first token was refused; a fresh one was accepted)' : ''}`,
        details: { authMechanism: 'XOAUTH2' },
      };
    },
    target.socketTimeout,
  );
}

/**
 * Tests an SMTP server step by step as the live transport would use it: DNS, TCP, TLS (implicit
 * or STARTTLS, per the security mode), greeting and EHLO, authentication, and whether the server
 * accepts the envelope sender and recipient (MAIL FROM, RCPT TO). Sends no message: it ends with RSET and QUIT.
 */
export async function probeSmtp(target: SmtpProbeTarget, recorder: StepRecorder, network: NetworkPolicy): Promise<void> {
  recorder.conceal(target.auth);
  // The server's text as a report may show it: the password masked, bounded.
  const replyText = (reply: Reply) => `${reply.code} ${recorder.serverText(reply.lines.join(' '))}`;
  const socket = await connectSteps(target, recorder, network);
  if (!socket) return;
  let channel: LineChannel | undefined;
  try {
    const lines = new LineChannel(socket);
    channel = lines;
    let extensions: string[] = [];
    const greeting = await recorder.run(
      'GREETING',
      async () => {
        const banner = await readReply(lines, 'its greeting');
        if (banner.code !== 220) throw smtpRefusal('GREETING', replyText(banner));
        extensions = await ehlo(lines, target.ehloName, recorder);
        // The server names itself first in its banner (RFC 5321 4.3.1); our EHLO name is ours.
        const server = recorder.serverText(banner.lines[0]?.trim().split(/\s+/)[0] ?? '') || 'the server';
        return {
          message: `${server} greeted (${replyText(banner)}); it offers ${extensions.length} ${extensions.length === 1 ? 'extension' : 'extensions'} to EHLO ${target.ehloName}`,
          details: { greeting: replyText(banner), extensions },
        };
      },
      target.greetingTimeout,
      (text) => greetingTimeout(target.security, text),
    );
    if (!greeting) return;
    if (target.security !== 'TLS') {
      const starttls = offered(extensions, 'STARTTLS') !== undefined;
      const upgraded = await recorder.run('TLS', async (_limit, signal) => {
        if (target.security === 'NONE') {
          return { skipped: true, message: `security is NONE: the connection stays in clear text${starttls ? ' although the server offers STARTTLS' : ''}` };
        }
        if (!starttls) {
          if (target.security === 'STARTTLS') {
            throw new CheckFailure(
              'STARTTLS_UNAVAILABLE',
              'the server does not offer STARTTLS, which security STARTTLS requires; use TLS on the implicit TLS port, or ask the server administrator',
            );
          }
          return { skipped: true, message: 'the server does not offer STARTTLS: continuing in clear text, as STARTTLS_OPTIONAL allows' };
        }
        const reply = await command(lines, 'STARTTLS');
        if (reply.code !== 220) throw smtpRefusal('STARTTLS', replyText(reply));
        const secured = await startTls(lines.detach(), target.host, target.tls, 'STARTTLS', signal);
        lines.attach(secured.socket);
        extensions = await ehlo(lines, target.ehloName, recorder);
        return { ...secured.outcome, details: { ...secured.outcome.details, extensions } };
      });
      if (!upgraded) return;
    }
    const oauth2 = target.oauth2;
    const authenticated = oauth2
      ? await tokenAuthentication(lines, target, oauth2, extensions, recorder)
      : await passwordAuthentication(lines, target, extensions, recorder);
    if (!authenticated) return;
    const sender = target.sender;
    await recorder.run(
      'SENDER',
      async () => {
        if (!sender)
          throw new CheckFailure('SENDER_NOT_SET', 'no default sender address (defaultSender.address) or mail.smtp.from is set: mail would have no sender');
        // Servers with smtpd_delay_reject (Postfix's default) accept MAIL FROM and refuse at RCPT TO:
        // the check goes as far as the server decides, and no further (no DATA).
        const recipient = target.recipient ?? sender;
        const mail = await command(lines, `MAIL FROM:<${sender}>`);
        if (mail.code !== 250) throw smtpRefusal('MAIL', replyText(mail), { sender });
        const rcpt = await command(lines, `RCPT TO:<${recipient}>`);
        if (rcpt.code !== 250 && rcpt.code !== 251) {
          const refusal = smtpRefusal('RCPT', replyText(rcpt), { sender, recipient });
          throw new CheckFailure(refusal.code, refusal.message, { sender, recipient });
        }
        await command(lines, 'RSET').catch(() => undefined);
        return {
          message: `the server accepts ${sender} as sender and ${recipient} as recipient (MAIL FROM and RCPT TO, then RSET: no message was sent)`,
          details: { sender, recipient },
        };
      },
      target.socketTimeout,
    );
  } finally {
    if (channel) {
      const open = channel;
      open.write('QUIT');
      setTimeout(() => open.close(), 200).unref();
    } else {
      socket.destroy();
    }
  }
}
