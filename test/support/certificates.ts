import { generate } from 'selfsigned';

export interface TestCertificate {
  key: string;
  cert: string;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A self-signed certificate made for one test: for `names` (DNS names and IP addresses), valid
 * now unless `expired`, when it lapsed yesterday.
 */
export async function selfSignedCertificate(options: { names: string[]; expired?: boolean }): Promise<TestCertificate> {
  const now = Date.now();
  const altNames = options.names.map((name) => (/^[\d.]+$|:/.test(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }));
  const pems = await generate([{ name: 'commonName', value: options.names[0] ?? 'localhost' }], {
    keySize: 2048,
    notBeforeDate: new Date(now - (options.expired ? 30 : 1) * DAY),
    notAfterDate: new Date(now + (options.expired ? -1 : 30) * DAY),
    extensions: [{ name: 'subjectAltName', altNames }],
  });
  return { key: pems.private, cert: pems.cert };
}

/** A private certificate authority made for one test, and a server certificate it issued for `names`. */
export async function privateCaCertificate(options: { names: string[] }): Promise<{ ca: TestCertificate; leaf: TestCertificate }> {
  const now = Date.now();
  const ca = await generate([{ name: 'commonName', value: 'Test Company Mail CA' }], {
    keySize: 2048,
    notBeforeDate: new Date(now - DAY),
    notAfterDate: new Date(now + 30 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const altNames = options.names.map((name) => (/^[\d.]+$|:/.test(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }));
  const leaf = await generate([{ name: 'commonName', value: options.names[0] ?? 'localhost' }], {
    keySize: 2048,
    notBeforeDate: new Date(now - DAY),
    notAfterDate: new Date(now + 30 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
    ca: { key: ca.private, cert: ca.cert },
  });
  return { ca: { key: ca.private, cert: ca.cert }, leaf: { key: leaf.private, cert: leaf.cert } };
}
