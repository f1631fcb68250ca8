import type { ImapFlow } from 'imapflow';
import type { DovecotPeer } from './dovecot';

/** A plain imapflow client signed in as the Dovecot peer's user (to deliver by APPEND, look at a folder, or read it as a baseline). */
export async function imapClient(dovecot: DovecotPeer): Promise<ImapFlow> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.ports.imap,
    secure: false,
    doSTARTTLS: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
