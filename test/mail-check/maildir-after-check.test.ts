import { readFile, stat, writeFile, chown } from 'node:fs/promises';
import path from 'node:path';
import { selfSignedCertificate } from '../support/certificates';
import { dovecotUnavailable, startDovecot, type DovecotPeer } from '../support/dovecot';
import { useTestApp } from '../support/test-app';
import { reportOf } from './operations';

/*
 * What a connection test leaves in a real Dovecot Maildir. It reads, flags and deletes no
 * message; but a POP3 login opens the mailbox, and Dovecot then moves every message from new/ to
 * cur/ (a Maildir message is "new" only until a client has seen the mailbox), so POP3 does not
 * leave the mailbox exactly as it was. The IMAP check asks only for STATUS and moves nothing.
 */

const unavailable = dovecotUnavailable();
const mustRun = process.env.CI === 'true';
if (unavailable && !mustRun) console.warn(`Skipping the Maildir tests: ${unavailable}`);
const describeDovecot = unavailable && !mustRun ? describe.skip : describe;

const t = useTestApp({ mailCheck: { testsPerWindow: 1_000, wholeTestMs: 15_000, stepMs: 5_000 } });
let dovecot: DovecotPeer;

beforeAll(async () => {
  if (unavailable && !mustRun) return;
  if (unavailable) throw new Error(`CI=true and the Dovecot peer cannot run: ${unavailable}`);
  dovecot = await startDovecot({ certificate: await selfSignedCertificate({ names: ['127.0.0.1'] }) });
}, 30_000);

afterAll(async () => {
  await dovecot?.stop();
});

/** Delivers one message into new/, as a local delivery agent does, owned as Dovecot's own files. */
async function deliverToNew(name: string): Promise<string> {
  const { uid, gid } = await stat(dovecot.maildir);
  const text = `From: sender@example.com\r\nTo: alice@example.com\r\nSubject: ${name}\r\nMessage-ID: <${name}@example.com>\r\n\r\nBody\r\n`;
  const file = path.join(dovecot.maildir, 'new', `${name}.M1P1.test`);
  await writeFile(file, text);
  await chown(file, uid, gid);
  return text;
}

function check(protocol: 'POP3' | 'IMAP') {
  const port = protocol === 'POP3' ? dovecot.ports.pop3 : dovecot.ports.imap;
  return reportOf(t, {
    incoming: { protocol, host: '127.0.0.1', port, security: 'NONE', user: dovecot.user, password: dovecot.password, deleteAfterFetch: true },
  });
}

describeDovecot('the Maildir after a connection test against Dovecot', () => {
  it('POP3: Dovecot moves a message from new/ to cur/ at login; the test reads, flags and deletes nothing', async () => {
    const text = await deliverToNew('1800000001');
    expect(await dovecot.messages()).toEqual([{ file: '1800000001.M1P1.test', folder: 'new', flags: '' }]);

    const report = await check('POP3');
    expect(report.incoming.ok).toBe(true);
    expect(report.incoming.steps.at(-1)?.messageCount).toBe(1);

    const after = await dovecot.messages();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ folder: 'cur', flags: '' });
    expect(after[0]?.file).toMatch(/^1800000001\.M1P1\.test/);
    expect(await readFile(path.join(dovecot.maildir, 'cur', after[0]?.file ?? ''), 'utf8')).toBe(text);
  });

  it('IMAP: leaves a message in new/ where it is, unread (the test asks only for the STATUS of INBOX)', async () => {
    await deliverToNew('1800000002');
    const before = await dovecot.messages();
    const report = await check('IMAP');
    expect(report.incoming.ok).toBe(true);
    expect(await dovecot.messages()).toEqual(before);
    expect(before).toContainEqual({ file: '1800000002.M1P1.test', folder: 'new', flags: '' });
  });
});
