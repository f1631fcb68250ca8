import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/env';
import { privateCaCertificate, selfSignedCertificate } from '../support/certificates';
import { configError } from '../support/config-error';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mail-tls-ca-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, content);
  return target;
}

describe('MAIL_TLS_CA_FILE', () => {
  it('is unset by default: mail connections trust the default store only', () => {
    expect(loadConfig({}).mailTlsCa).toBeUndefined();
  });

  it('reads every certificate of a PEM bundle, text around them allowed', async () => {
    const [{ ca }, other] = await Promise.all([privateCaCertificate({ names: ['mail.example.com'] }), selfSignedCertificate({ names: ['ca2.example'] })]);
    const bundle = await file('bundle.pem', `# company CAs\n${ca.cert}\nsubject=second\n${other.cert}`);
    const certificates = loadConfig({ MAIL_TLS_CA_FILE: bundle }).mailTlsCa;
    expect(certificates).toHaveLength(2);
    expect(certificates?.[0]?.trim()).toBe(ca.cert.trim());
  });

  it('refuses an unreadable file, naming the variable and the reason', () => {
    const error = configError(() => loadConfig({ MAIL_TLS_CA_FILE: path.join(dir, 'missing.pem') }));
    expect(error.message).toMatch(/^MAIL_TLS_CA_FILE: cannot read .*missing\.pem \(ENOENT\)/);
  });

  it('refuses a file that holds no PEM certificate (a private key, DER, text)', async () => {
    const { ca } = await privateCaCertificate({ names: ['mail.example.com'] });
    for (const [name, content] of [
      ['key.pem', ca.key],
      ['der.bin', Buffer.from(ca.cert.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('latin1')],
      ['empty.pem', ''],
    ]) {
      const target = await file(name ?? 'x', content ?? '');
      const error = configError(() => loadConfig({ MAIL_TLS_CA_FILE: target }));
      expect(error.message).toMatch(/^MAIL_TLS_CA_FILE: .* holds no PEM certificate/);
    }
  });

  it('refuses a bundle with a damaged certificate, saying which', async () => {
    const { ca } = await privateCaCertificate({ names: ['mail.example.com'] });
    const damaged = ca.cert.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    const bundle = await file('damaged.pem', `${ca.cert}\n${damaged}`);
    const error = configError(() => loadConfig({ MAIL_TLS_CA_FILE: bundle }));
    expect(error.message).toMatch(/^MAIL_TLS_CA_FILE: .*certificate 2 of 2 is not a valid PEM certificate/);
  });
});
