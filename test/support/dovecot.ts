import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { execFileSync } from 'node:child_process';
import type { TestCertificate } from './certificates';
import { waitUntil } from './wait-until';
import { freePorts, startOnFreePorts } from './free-port';
import { portAccepts } from './port-accepts';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

/** An HS256 JWT access token for `user`, valid for `lifetime`: the `oauth2` passdb accepts it when `key` is its `hmacKey`. */
export function dovecotAccessToken(user: string, key: Uint8Array, lifetime = '10m'): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(user).setIssuedAt().setExpirationTime(lifetime).sign(key);
}

/** Why Dovecot tests cannot run here, or undefined when they can. */
export function dovecotUnavailable(): string | undefined {
  if (!existsSync(DOVECOT_BINARY)) {
    return 'Dovecot is not installed: `apt-get install dovecot-imapd dovecot-pop3d` (Debian/Ubuntu) to run the POP3/IMAP tests';
  }
  if (userInfo().uid !== 0) return 'the Dovecot tests start Dovecot with users of its own and must run as root (as CI does)';
  return undefined;
}

export interface DovecotPeer {
  readonly ports: { imap: number; imaps: number; pop3: number; pop3s: number };
  readonly user: string;
  readonly password: string;
  /**
   * A second user who logs in with `password` but whose mailbox Dovecot cannot open (its
   * `~/Maildir` is a regular file): login succeeds, STAT and STATUS fail.
   */
  readonly unusableMailboxUser: string;
  /** The Maildir of `user`. */
  readonly maildir: string;
  /** Every message file of the mailbox, with its maildir flags (`S` seen, `T` deleted...). */
  messages(): Promise<{ file: string; folder: 'new' | 'cur'; flags: string }[]>;
  /** Puts a message file into the Maildir's `new/` directly, as a local delivery agent does (works while Dovecot is stopped). */
  deliverFile(raw: string): Promise<void>;
  /** Stops the Dovecot process (its connections end), keeping the Maildir and configuration. */
  halt(): Promise<void>;
  /** Starts it again after `halt`, on the same ports; resolves once it accepts connections. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

function ids(name: string): number {
  return Number(execFileSync('id', ['-u', name]).toString().trim());
}

/**
 * A real Dovecot (IMAP and POP3, plain and implicit-TLS listeners) with a throwaway
 * configuration in a temporary directory, one passwd-file user and `seed` messages in its
 * Maildir, unread. `ssl: false` starts one that offers no STARTTLS/STLS (and no TLS listeners).
 */
/** Four distinct ports: asked for one at a time, the OS once handed out the same port twice. */
async function fourFreePorts(): Promise<DovecotPeer['ports']> {
  const [imap = 0, imaps = 0, pop3 = 0, pop3s = 0] = await freePorts(4);
  return { imap, imaps, pop3, pop3s };
}

export async function startDovecot(options: {
  certificate: TestCertificate;
  seed?: number;
  ssl?: boolean;
  /**
   * Also sign in with OAuth 2.0 (XOAUTH2, OAUTHBEARER): Dovecot's `oauth2` passdb validates
   * HS256 JWT access tokens locally with `hmacKey` (no network); the user is the token's `sub`.
   */
  oauth2?: { hmacKey: Buffer };
  /** Replaces the IMAP capabilities announced after login (Dovecot's `imap_capability`), e.g. a list without IDLE. */
  imapCapability?: string;
}): Promise<DovecotPeer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mail-check-dovecot-'));
  await chmod(dir, 0o755);
  const ports = await fourFreePorts();
  const user = 'alice';
  const password = 'alice-secret-1';
  const home = path.join(dir, 'home', user);
  const maildir = path.join(home, 'Maildir');
  for (const folder of ['cur', 'new', 'tmp']) await mkdir(path.join(maildir, folder), { recursive: true });
  const unusableMailboxUser = 'bob';
  const unusableHome = path.join(dir, 'home', unusableMailboxUser);
  await mkdir(unusableHome);
  await writeFile(path.join(unusableHome, 'Maildir'), '');
  const seed = options.seed ?? 0;
  for (let i = 1; i <= seed; i++) {
    const message = `From: sender${i}@example.com\r\nTo: alice@example.com\r\nSubject: seeded ${i}\r\nMessage-ID: <seed-${i}@example.com>\r\n\r\nBody ${i}\r\n`;
    await writeFile(path.join(maildir, 'cur', `${1_700_000_000 + i}.M${i}P1.test:2,`), message);
  }
  const ssl = options.ssl ?? true;
  await writeFile(path.join(dir, 'cert.pem'), options.certificate.cert);
  await writeFile(path.join(dir, 'key.pem'), options.certificate.key, { mode: 0o600 });
  await writeFile(path.join(dir, 'passwd'), [user, unusableMailboxUser].map((name) => `${name}:{PLAIN}${password}::::::\n`).join(''));
  const uid = ids('dovecot');
  const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim());
  for (const target of [
    path.join(dir, 'home'),
    home,
    maildir,
    ...['cur', 'new', 'tmp'].map((f) => path.join(maildir, f)),
    unusableHome,
    path.join(unusableHome, 'Maildir'),
  ]) {
    await chown(target, uid, gid);
  }
  for (const file of await readdir(path.join(maildir, 'cur'))) await chown(path.join(maildir, 'cur', file), uid, gid);
  const oauth2 = options.oauth2;
  if (oauth2) {
    // local_validation_key_dict looks up shared/<azp:default>/<alg>/<kid:default>; fs:posix drops `shared/`.
    await mkdir(path.join(dir, 'keys', 'default', 'HS256'), { recursive: true });
    await writeFile(path.join(dir, 'keys', 'default', 'HS256', 'default'), oauth2.hmacKey.toString('base64'));
    await writeFile(
      path.join(dir, 'dovecot-oauth2.conf.ext'),
      `introspection_mode = local\nlocal_validation_key_dict = fs:posix:prefix=${dir}/keys/\nusername_attribute = sub\n`,
    );
  }
  const oauth2Passdb = oauth2 ? `passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${dir}/dovecot-oauth2.conf.ext\n}\n` : '';
  const tlsListener = (name: string, port: number) =>
    ssl ? `  inet_listener ${name} {\n    address = 127.0.0.1\n    port = ${port}\n    ssl = yes\n  }\n` : '';
  const configuration = () => `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
ssl = ${ssl ? 'yes' : 'no'}
${ssl ? `ssl_cert = <${dir}/cert.pem\nssl_key = <${dir}/key.pem` : ''}
disable_plaintext_auth = no
auth_mechanisms = plain login${oauth2 ? ' xoauth2 oauthbearer' : ''}
auth_failure_delay = 0
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
mail_location = maildir:~/Maildir
${options.imapCapability === undefined ? '' : `imap_capability = ${options.imapCapability}`}
first_valid_uid = ${uid}
${oauth2Passdb}passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap}
  }
${tlsListener('imaps', ports.imaps)}}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = ${ports.pop3}
  }
${tlsListener('pop3s', ports.pop3s)}}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  const configFile = path.join(dir, 'dovecot.conf');
  await writeFile(configFile, configuration());
  let child: ChildProcess;
  let exited: Promise<void>;
  const launch = async () => {
    const started: ChildProcess = spawn(DOVECOT_BINARY, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    try {
      await waitUntil(
        'Dovecot accepts connections',
        async () => {
          if (started.exitCode !== null) throw new Error(`Dovecot exited (${started.exitCode}): ${output}`);
          return (await portAccepts(ports.imap)) && (await portAccepts(ports.pop3));
        },
        15_000,
        50,
      );
    } catch (error) {
      started.kill('SIGTERM');
      await exited;
      throw error;
    }
  };
  try {
    await startOnFreePorts(launch, async () => {
      Object.assign(ports, await fourFreePorts());
      await writeFile(configFile, configuration());
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let delivered = 0;
  return {
    ports,
    user,
    password,
    unusableMailboxUser,
    maildir,
    async messages() {
      const found: { file: string; folder: 'new' | 'cur'; flags: string }[] = [];
      for (const folder of ['new', 'cur'] as const) {
        for (const file of await readdir(path.join(maildir, folder))) {
          found.push({ file, folder, flags: /:2,([A-Za-z]*)$/.exec(file)?.[1] ?? '' });
        }
      }
      return found;
    },
    async deliverFile(raw) {
      const file = path.join(maildir, 'new', `${Date.now()}.M${++delivered}P${process.pid}.deliverfile`);
      await writeFile(file, raw);
      await chown(file, uid, gid);
    },
    async halt() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async resume() {
      try {
        await launch();
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
