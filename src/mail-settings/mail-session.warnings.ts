import { isLocalHost } from '../javamail/host-name';
import { certificateChecksDisabled, type ParsedMailProperties } from '../javamail/mail-properties';
import type { MailPropertyProtocol } from '../javamail/mail-properties.keys';
import { SETTINGS_WARNING_CODES, type SettingsWarningCode } from './config-warning.codes';
import type { ConfigWarning, MailSettings, ServerSettings } from './mail-session.model';

/** Every code `configWarnings` can return. */
export const CONFIG_WARNING_CODES = SETTINGS_WARNING_CODES;

type Side = 'outgoing' | 'incoming';
type ProtocolName = 'SMTP' | 'POP3' | 'IMAP';

/**
 * The registered ports, and how each starts TLS: from the first byte (`implicit`), or on a plain
 * connection with STARTTLS, where implicit TLS is a mistake. 2525 is `either`: providers run it both ways.
 */
const WELL_KNOWN_PORTS: ReadonlyMap<number, { protocol: ProtocolName; tls: 'implicit' | 'starttls' | 'either' }> = new Map([
  [25, { protocol: 'SMTP', tls: 'starttls' }],
  [587, { protocol: 'SMTP', tls: 'starttls' }],
  [2525, { protocol: 'SMTP', tls: 'either' }],
  [465, { protocol: 'SMTP', tls: 'implicit' }],
  [110, { protocol: 'POP3', tls: 'starttls' }],
  [995, { protocol: 'POP3', tls: 'implicit' }],
  [143, { protocol: 'IMAP', tls: 'starttls' }],
  [993, { protocol: 'IMAP', tls: 'implicit' }],
]);

const USUAL_PORTS: Record<ProtocolName, { plain: number; tls: number }> = {
  SMTP: { plain: 587, tls: 465 },
  POP3: { plain: 110, tls: 995 },
  IMAP: { plain: 143, tls: 993 },
};

interface Server {
  side: Side;
  protocol: ProtocolName;
  settings: ServerSettings;
  host: string;
}

/** `field`: the input path, e.g. `outgoing.port`, returned as its parts (["outgoing", "port"]), as errors name fields. */
function warning(code: SettingsWarningCode, field: string, message: string): ConfigWarning {
  return { code, field: field.split('.'), message };
}

function portWarnings({ side, protocol, settings }: Server): ConfigWarning[] {
  const { port, security } = settings;
  const known = WELL_KNOWN_PORTS.get(port);
  const usual = USUAL_PORTS[protocol];
  const mismatch = known !== undefined && known.protocol !== protocol;
  // On another protocol's port, changing the security mode fixes nothing: only the port is offered.
  const fix = (security: string, port: number): string =>
    mismatch ? `Set ${side}.port to ${port}.` : `Set ${side}.security to ${security}, or ${side}.port to ${port}.`;
  const warnings: ConfigWarning[] = [];
  if (mismatch) {
    warnings.push(
      warning(
        'PORT_PROTOCOL_MISMATCH',
        `${side}.port`,
        `${side}.port ${port} is the usual ${known.protocol} port, but the ${side} server speaks ${protocol}. ` +
          `${protocol} normally uses port ${usual.plain} (STARTTLS) or ${usual.tls} (TLS).`,
      ),
    );
  }
  if (security === 'TLS' && known?.tls === 'starttls') {
    warnings.push(
      warning(
        'IMPLICIT_TLS_ON_PLAIN_PORT',
        `${side}.security`,
        `${side}.security is TLS (TLS from the first byte), but port ${port} is a ${known.protocol} port ` +
          `for plain connections upgraded with STARTTLS, so the connection will most likely fail. ${fix('STARTTLS', usual.tls)}`,
      ),
    );
  }
  if (known?.tls === 'implicit' && security !== 'TLS') {
    const why =
      security === 'STARTTLS'
        ? 'the server expects a TLS handshake first, not a STARTTLS command'
        : 'the server expects a TLS handshake first, so a plain connection will most likely hang';
    warnings.push(
      warning(
        security === 'STARTTLS' ? 'STARTTLS_ON_TLS_PORT' : 'PLAIN_ON_TLS_PORT',
        `${side}.security`,
        `${side}.security is ${security}, but port ${port} is the ${known.protocol} port for implicit TLS: ${why}. ` + fix('TLS', usual.plain),
      ),
    );
  }
  return warnings;
}

function passwordWarnings(server: Server, parsed: ParsedMailProperties): ConfigWarning[] {
  const { side, settings, host } = server;
  if (!settings.passwordSet || isLocalHost(host)) return [];
  // mail.smtp.auth=false: the password is never sent.
  if (side === 'outgoing' && parsed.smtp.auth === false) return [];
  const field = `${side}.security`;
  const fix = `Set ${field} to STARTTLS or TLS.`;
  if (settings.security === 'NONE') {
    return [
      warning(
        'PASSWORD_OVER_PLAINTEXT',
        field,
        `${field} is NONE, so the ${side} password is sent to ${host} unencrypted and can be read on the network. ${fix}`,
      ),
    ];
  }
  if (settings.security === 'STARTTLS_OPTIONAL') {
    return [
      warning(
        'PASSWORD_OVER_PLAINTEXT',
        field,
        `${field} is STARTTLS_OPTIONAL: anyone on the network path to ${host} can hide the server's STARTTLS offer, ` +
          `and the ${side} password is then sent unencrypted. ${fix}`,
      ),
    ];
  }
  return [];
}

function certificateReasons(parsed: ParsedMailProperties, protocol: MailPropertyProtocol): string[] {
  const options = parsed[protocol];
  const reasons: string[] = [];
  if (options.checkServerIdentity === false) reasons.push(`mail.${protocol}.ssl.checkserveridentity is false`);
  if (options.trust === '*') reasons.push(`mail.${protocol}.ssl.trust is *`);
  else if (options.trust !== undefined) reasons.push(`mail.${protocol}.ssl.trust lists the host`);
  return reasons;
}

// This service sends mail but fetches none: on the incoming side only the connection test's login is exposed.
const IMPERSONATOR_READS: Record<Side, string> = {
  outgoing: 'the password and the messages sent through it',
  incoming: 'the password, which the connection test sends (as does the application that reads the mailbox with these settings)',
};

function certificateWarnings({ side, protocol, settings, host }: Server, parsed: ParsedMailProperties): ConfigWarning[] {
  const key: MailPropertyProtocol = protocol === 'SMTP' ? 'smtp' : protocol === 'POP3' ? 'pop3' : 'imap';
  // Without TLS there is no certificate to check; PASSWORD_OVER_PLAINTEXT covers that risk.
  if (settings.security === 'NONE' || !certificateChecksDisabled(parsed, key, host)) return [];
  return [
    warning(
      'CERTIFICATE_CHECKS_DISABLED',
      'additionalProperties',
      `${certificateReasons(parsed, key).join(' and ')}, so the certificate of the ${side} server ${host} is not fully checked ` +
        `and anyone on the network path can impersonate it and read ${IMPERSONATOR_READS[side]}. ` +
        `Remove the property unless this is a test server.`,
    ),
  ];
}

function inUse(side: Side, protocol: ProtocolName, settings: ServerSettings): Server | undefined {
  const host = settings.host?.trim();
  return host ? { side, protocol, settings, host } : undefined;
}

/**
 * Settings that are legal but almost surely wrong, outgoing server first. Only a server whose
 * host is set is looked at. Messages name fields, ports and hosts, never a user or a password.
 */
export function configWarnings(settings: MailSettings, parsed: ParsedMailProperties): ConfigWarning[] {
  const { incoming } = settings;
  const servers = [inUse('outgoing', 'SMTP', settings.outgoing), inUse('incoming', incoming.protocol, incoming)];
  const warnings: ConfigWarning[] = [];
  for (const server of servers) {
    if (server === undefined) continue;
    warnings.push(...portWarnings(server), ...passwordWarnings(server, parsed), ...certificateWarnings(server, parsed));
  }
  const mailbox = servers[1];
  if (mailbox !== undefined && !incoming.deleteAfterFetch) {
    warnings.push(
      warning(
        'MAILBOX_KEEPS_MESSAGES',
        'incoming.deleteAfterFetch',
        `incoming.deleteAfterFetch is false. This service does not fetch incoming mail: the setting is stored for the application ` +
          `that reads the mailbox on ${mailbox.host}, and tells it to leave messages on the server, where it may find and process ` +
          `them again at its next check. Set incoming.deleteAfterFetch to true unless that application keeps track of what it has read.`,
      ),
    );
  }
  return warnings;
}
