import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestCertificate } from './certificates';
import { freePorts, startOnFreePorts } from './free-port';
import { waitUntil } from './wait-until';
import { portAccepts } from './port-accepts';

const run = promisify(execFile);

export const POSTFIX_BINARY = '/usr/sbin/postfix';

/** Why Postfix tests cannot run here, or undefined when they can. */
export function postfixUnavailable(): string | undefined {
  if (!existsSync(POSTFIX_BINARY)) {
    return "Postfix is not installed: `echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections && apt-get install postfix` (Debian/Ubuntu) to run the Postfix tests";
  }
  if (userInfo().uid !== 0) return 'the Postfix tests start Postfix (its master runs as root, its daemons as user postfix) and must run as root (as CI does)';
  return undefined;
}

/** Every sender is accepted at MAIL FROM; this one is refused at RCPT TO, as `smtpd_delay_reject=yes` does with a sender restriction. */
export const POSTFIX_REFUSED_SENDER = 'not-owned@example.com';
/** Refused at RCPT TO by a recipient restriction. */
export const POSTFIX_REFUSED_RECIPIENT = 'nobody@example.com';
/** The server's name, in its banner and EHLO reply. */
export const POSTFIX_HOSTNAME = 'postfix.test.example';

export interface PostfixPeer {
  readonly ports: {
    /** Clear text only: no STARTTLS offered. Sender and recipient restrictions apply (as on every port). */
    plain: number;
    /** STARTTLS offered (not required). */
    starttls: number;
    /** Implicit TLS (smtps): TLS from the first byte, silent to a plain client. */
    smtps: number;
    /** Refuses the client at connect: `554 5.7.1 ... Client host rejected` instead of a greeting. */
    rejecting: number;
  };
  /** Postfix's log so far (its own `maillog_file`). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A real Postfix from Debian's package, with a throwaway configuration, queue and log in a
 * temporary directory, listening on four free loopback ports (see `PostfixPeer.ports`). Mail it
 * accepts is discarded (`default_transport = discard`); nothing is relayed. Refuses
 * `POSTFIX_REFUSED_SENDER` and `POSTFIX_REFUSED_RECIPIENT` at RCPT TO, as real servers do.
 */
/** Four distinct ports: asked for one at a time, the OS once handed out the same port twice. */
async function fourFreePorts(): Promise<PostfixPeer['ports']> {
  const [plain = 0, starttls = 0, smtps = 0, rejecting = 0] = await freePorts(4);
  return { plain, starttls, smtps, rejecting };
}

export async function startPostfix(options: { certificate: TestCertificate }): Promise<PostfixPeer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mail-check-postfix-'));
  await chmod(dir, 0o755);
  const conf = path.join(dir, 'conf');
  const queue = path.join(dir, 'queue');
  const data = path.join(dir, 'data');
  const maillog = path.join(dir, 'maillog');
  for (const folder of [conf, queue, data]) await mkdir(folder);
  const { stdout: uid } = await run('id', ['-u', 'postfix']);
  const { stdout: gid } = await run('id', ['-g', 'postfix']);
  await chown(data, Number(uid.trim()), Number(gid.trim()));
  const ports = await fourFreePorts();
  await writeFile(path.join(conf, 'cert.pem'), options.certificate.cert);
  await writeFile(path.join(conf, 'key.pem'), options.certificate.key, { mode: 0o600 });
  await writeFile(
    path.join(conf, 'main.cf'),
    `compatibility_level = 3.6
queue_directory = ${queue}
data_directory = ${data}
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = ${POSTFIX_HOSTNAME}
mydestination =
mynetworks = 127.0.0.0/8
maillog_file = ${maillog}
maillog_file_prefixes = ${dir}
default_transport = discard
relay_transport = discard
smtpd_sender_restrictions = check_sender_access inline:{ {${POSTFIX_REFUSED_SENDER} = 553 5.7.1 not owned by user} }
smtpd_recipient_restrictions = check_recipient_access inline:{ {${POSTFIX_REFUSED_RECIPIENT} = REJECT} }, permit_mynetworks, reject
smtpd_tls_cert_file = ${conf}/cert.pem
smtpd_tls_key_file = ${conf}/key.pem
`,
  );
  // No chroot: the daemons read the temporary directory directly. One smtpd listener per case.
  const smtpd = (port: number, settings: string) => `127.0.0.1:${port} inet n - n - - smtpd ${settings}`.trimEnd();
  const masterCf = () =>
    [
      smtpd(ports.plain, ''),
      smtpd(ports.starttls, '-o smtpd_tls_security_level=may'),
      smtpd(ports.smtps, '-o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt'),
      smtpd(ports.rejecting, '-o smtpd_client_restrictions=reject -o smtpd_delay_reject=no'),
      'pickup unix n - n 60 1 pickup',
      'cleanup unix n - n - 0 cleanup',
      'qmgr unix n - n 300 1 qmgr',
      'tlsmgr unix - - n 1000? 1 tlsmgr',
      'rewrite unix - - n - - trivial-rewrite',
      'bounce unix - - n - 0 bounce',
      'defer unix - - n - 0 bounce',
      'trace unix - - n - 0 bounce',
      'verify unix - - n - 1 verify',
      'flush unix n - n 1000? 0 flush',
      'proxymap unix - - n - - proxymap',
      'smtp unix - - n - - smtp',
      'showq unix n - n - - showq',
      'error unix - - n - - error',
      'retry unix - - n - - error',
      'discard unix - - n - - discard',
      'anvil unix - - n - 1 anvil',
      'scache unix - - n - 1 scache',
      'postlog unix-dgram n - n - 1 postlogd',
      '',
    ].join('\n');
  await writeFile(path.join(conf, 'master.cf'), masterCf());
  const log = () => readFile(maillog, 'utf8').catch(() => '');
  const masterPid = async (): Promise<number | undefined> => {
    const text = await readFile(path.join(queue, 'pid', 'master.pid'), 'utf8').catch(() => '');
    const pid = Number(text.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  };
  const halt = async () => {
    const pid = await masterPid();
    await run(POSTFIX_BINARY, ['-c', conf, 'stop']).catch(() => undefined);
    // `postfix stop` only signals the master; wait until it (and with it every daemon) is gone.
    if (pid !== undefined) {
      await waitUntil('Postfix has stopped', () => !alive(pid), 15_000, 50).catch(() => process.kill(pid, 'SIGKILL'));
    }
  };
  const stop = async () => {
    await halt();
    await rm(dir, { recursive: true, force: true });
  };
  const start = async () => {
    try {
      await run(POSTFIX_BINARY, ['-c', conf, 'start']);
      await waitUntil('Postfix accepts connections', async () => (await Promise.all(Object.values(ports).map(portAccepts))).every(Boolean), 15_000, 50);
    } catch (error) {
      const output = await log();
      await halt();
      throw new Error(`Postfix did not start: ${error instanceof Error ? error.message : String(error)}\n${output}`, { cause: error });
    }
  };
  try {
    await startOnFreePorts(start, async () => {
      Object.assign(ports, await fourFreePorts());
      await writeFile(path.join(conf, 'master.cf'), masterCf());
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { ports, log, stop };
}
