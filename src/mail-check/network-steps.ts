import { isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as connectTls, type PeerCertificate, type SecureVersion, type TLSSocket } from 'node:tls';
import { AddressNotAllowedError, connectFirst, permittedAddresses, resolveAddresses } from '../platform/network/network-connect.js';
import type { NetworkPolicy } from '../platform/network/network-policy.js';
import { CheckFailure, type CertificateDetails, type StepOutcome, type StepRecorder, type TlsDetails } from './check-step.js';
import { certificateVerdict, handshakeFailure, networkFailure, UNTRUSTED_CHAIN_CODES } from './failure-classifier.js';

/** TLS settings of one server as the transport factory derives them from the settings. */
export interface ProbeTls {
  rejectUnauthorized: boolean;
  checkServerIdentity: boolean;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  servername?: string;
  /** Authorities trusted besides the system store (`MAIL_TLS_CA_FILE`), with the system store; unset: the system store. */
  ca?: readonly string[];
}

/**
 * DNS step: the addresses the host name resolves to (an IP address resolves to itself). The
 * report says how many, never which: the addresses are for the TCP step only, so the check
 * cannot be used to read this network's DNS.
 */
export async function resolveHost(host: string): Promise<{ outcome: StepOutcome; addresses: string[] }> {
  try {
    const addresses = await resolveAddresses(host);
    const message =
      isIP(host) !== 0 ? `${host} is an IP address` : `${host} resolves to ${addresses.length} ${addresses.length === 1 ? 'address' : 'addresses'}`;
    return { addresses, outcome: { message } };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code === 'ENOTFOUND' || code === 'ENODATA') {
      throw new CheckFailure('HOST_NOT_FOUND', `${host} does not resolve to any address: check the host name for typos`);
    }
    throw new CheckFailure('DNS_FAILED', `${host} could not be resolved (${code || 'resolver error'}); the DNS server may be unreachable`);
  }
}

/**
 * TCP step: judges `addresses` (those of `host`) by the network policy and connects to the
 * first permitted one that accepts; fails with ADDRESS_NOT_ALLOWED, connecting nothing, when
 * the policy permits none. Destroyed if the step is aborted.
 */
export async function openTcp(
  host: string,
  addresses: readonly string[],
  port: number,
  network: NetworkPolicy,
  signal: AbortSignal,
): Promise<{ socket: Socket; outcome: StepOutcome }> {
  let permitted: string[];
  let refused: number;
  try {
    ({ permitted, refused } = permittedAddresses(network, host, addresses));
  } catch (error) {
    if (error instanceof AddressNotAllowedError) throw new CheckFailure('ADDRESS_NOT_ALLOWED', error.message);
    throw error;
  }
  try {
    const socket = await connectFirst(permitted, port, signal);
    const literal = isIP(host) !== 0;
    const skipped = refused > 0 ? ` (${refused} of its ${addresses.length} addresses refused by the network policy)` : '';
    // Only an address the caller gave is named: for a host name, which address it resolved to stays unsaid.
    const remote = `${host}:${socket.remotePort ?? port}`;
    return {
      socket,
      outcome: literal ? { message: `connected to ${remote}`, details: { remoteAddress: remote } } : { message: `connected to ${host} port ${port}${skipped}` },
    };
  } catch (error) {
    throw networkFailure(error, `connecting to ${host} port ${port}`);
  }
}

function certificateDetails(cert: PeerCertificate): CertificateDetails | null {
  if (!cert || Object.keys(cert).length === 0) return null;
  const name = (entity: PeerCertificate['subject'] | undefined): string =>
    entity
      ? Object.entries(entity)
          .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
          .join(', ')
      : '';
  return {
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    subjectAltNames: cert.subjectaltname ? cert.subjectaltname.split(/,\s*/) : [],
    validFrom: new Date(cert.valid_from),
    validTo: new Date(cert.valid_to),
    fingerprint256: cert.fingerprint256,
  };
}

/**
 * Judges the certificate as the live transport would (chain, host name, validity), but finds
 * every problem rather than the first, so the report can name them all. Expiry is checked on
 * the certificate itself: OpenSSL reports an untrusted chain before it looks at the dates.
 */
function judgeCertificate(
  socket: TLSSocket,
  host: string,
  tls: ProbeTls,
  mode: TlsDetails['mode'],
): { details: TlsDetails; problems: string[]; failure?: CheckFailure } {
  const peer = socket.getPeerCertificate(false);
  const certificate = certificateDetails(peer);
  const problems: { code: 'CERTIFICATE_EXPIRED' | 'CERTIFICATE_NAME_MISMATCH' | 'CERTIFICATE_UNTRUSTED'; text: string }[] = [];
  const chainError = socket.authorizationError ? String(socket.authorizationError) : null;
  const now = Date.now();
  if (certificate && (certificate.validTo.getTime() < now || certificate.validFrom.getTime() > now)) {
    const expired = certificate.validTo.getTime() < now;
    problems.push({
      code: 'CERTIFICATE_EXPIRED',
      text: expired
        ? `the certificate expired on ${certificate.validTo.toISOString()}`
        : `the certificate is not valid before ${certificate.validFrom.toISOString()}`,
    });
  }
  if (tls.checkServerIdentity && certificate) {
    const nameError = checkServerIdentity(tls.servername ?? host, peer);
    if (nameError)
      problems.push({
        code: 'CERTIFICATE_NAME_MISMATCH',
        text: `the certificate is not for ${host} (${certificate.subjectAltNames.join(', ') || certificate.subject})`,
      });
  }
  if (!certificate) {
    problems.push({ code: 'CERTIFICATE_UNTRUSTED', text: 'the server sent no certificate' });
  } else if (
    chainError &&
    (UNTRUSTED_CHAIN_CODES.has(chainError) || !['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID'].includes(chainError))
  ) {
    problems.push({ code: 'CERTIFICATE_UNTRUSTED', text: certificateVerdict(chainError).text });
  }
  const cipher = socket.getCipher();
  const details: TlsDetails = {
    mode,
    protocol: socket.getProtocol() ?? null,
    cipher: cipher?.name ?? null,
    verified: problems.length === 0,
    verificationError: problems.length === 0 ? null : (chainError ?? problems[0]?.code ?? null),
    certificate,
  };
  // `ssl.trust` turns every check off in the live transport (Node ignores the verdict), so here too.
  const first = tls.rejectUnauthorized ? problems[0] : undefined;
  if (!first) return { details, problems: problems.map((problem) => problem.text) };
  return { details, problems: [], failure: new CheckFailure(first.code, problems.map((problem) => problem.text).join('; '), { tls: details }) };
}

/**
 * Starts the TLS step on a connected socket and returns the TLS socket at once (a client library
 * may need it synchronously) with the step's result. The handshake runs without Node's own
 * verdict (`rejectUnauthorized: false`) so that the certificate can be inspected and every
 * problem named; the verdict is then applied exactly as the live transport's options would, and
 * on failure the socket is destroyed with the `CheckFailure` before any protocol byte is sent.
 */
export function beginTls(
  socket: Socket,
  host: string,
  tls: ProbeTls,
  mode: TlsDetails['mode'],
  signal: AbortSignal,
): { secure: TLSSocket; result: Promise<StepOutcome> } {
  const secure = connectTls({
    socket,
    host,
    ...(tls.servername !== undefined ? { servername: tls.servername } : isIP(host) === 0 ? { servername: host } : {}),
    rejectUnauthorized: false,
    ...(tls.ca && { ca: [...tls.ca] }),
    ...(tls.minVersion && { minVersion: tls.minVersion }),
    ...(tls.maxVersion && { maxVersion: tls.maxVersion }),
  });
  const result = new Promise<StepOutcome>((resolve, reject) => {
    const onAbort = () => secure.destroy();
    signal.addEventListener('abort', onAbort, { once: true });
    const onError = (error: Error & { code?: string }) => {
      signal.removeEventListener('abort', onAbort);
      if (error instanceof CheckFailure) {
        reject(error);
        return;
      }
      reject(handshakeFailure(error));
    };
    secure.once('error', onError);
    secure.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      secure.off('error', onError);
      const { details, problems, failure } = judgeCertificate(secure, host, tls, mode);
      if (failure) {
        secure.destroy(failure);
        reject(failure);
        return;
      }
      const trust = details.verified
        ? tls.checkServerIdentity
          ? 'certificate verified'
          : 'certificate chain verified; host name not checked (ssl.checkserveridentity=false)'
        : `certificate accepted WITHOUT verification because ssl.trust covers this host: ${problems.join('; ')}`;
      resolve({ message: `${details.protocol ?? 'TLS'} established, ${trust}`, details: { tls: details } });
    });
  });
  return { secure, result };
}

/** The TLS step on a connected socket, awaited: see `beginTls`. */
export async function startTls(
  socket: Socket,
  host: string,
  tls: ProbeTls,
  mode: TlsDetails['mode'],
  signal: AbortSignal,
): Promise<{ socket: TLSSocket; outcome: StepOutcome }> {
  const { secure, result } = beginTls(socket, host, tls, mode, signal);
  // A destroyed socket with a failure would otherwise count as an unhandled 'error'.
  const swallow = () => undefined;
  secure.on('error', swallow);
  try {
    return { socket: secure, outcome: await result };
  } catch (error) {
    secure.destroy();
    throw error;
  }
}

/** Where and how to connect: the part of a probe target the first steps need. */
export interface ConnectTarget {
  host: string;
  port: number;
  security: 'NONE' | 'STARTTLS_OPTIONAL' | 'STARTTLS' | 'TLS';
  tls: ProbeTls;
  connectionTimeout: number | undefined;
}

/**
 * The steps every probe starts with: DNS, TCP (under the network policy: only a resolved address
 * the policy permits is connected to) and, for security `TLS`, the implicit TLS handshake with
 * the host name as identity. Returns the connected socket, or undefined when a step failed
 * (already recorded).
 */
export async function connectSteps(target: ConnectTarget, recorder: StepRecorder, network: NetworkPolicy): Promise<Socket | undefined> {
  let addresses: string[] = [];
  const dns = await recorder.run('DNS', async () => {
    const resolved = await resolveHost(target.host);
    addresses = resolved.addresses;
    return resolved.outcome;
  });
  if (!dns) return undefined;
  let socket: Socket | undefined;
  const tcp = await recorder.run(
    'TCP',
    async (_limit, signal) => {
      const opened = await openTcp(target.host, addresses, target.port, network, signal);
      socket = opened.socket;
      return opened.outcome;
    },
    target.connectionTimeout,
  );
  if (!tcp || !socket) return undefined;
  if (target.security !== 'TLS') return socket;
  const plain: Socket = socket;
  let secure: Socket | undefined;
  const tls = await recorder.run('TLS', async (_limit, signal) => {
    const secured = await startTls(plain, target.host, target.tls, 'IMPLICIT', signal);
    secure = secured.socket;
    return secured.outcome;
  });
  if (!tls) plain.destroy();
  return tls ? secure : undefined;
}
