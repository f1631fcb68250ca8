import { randomBytes } from 'node:crypto';
import type { SecretKey } from '../../src/config/secret-keys';
import { updateOk } from '../api/mail-session.operations';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { startTestApp, useTestApp } from '../support/test-app';
import { outline, reportOf } from './operations';

const K1: SecretKey = { id: 'k1', key: randomBytes(32) };
const K2: SecretKey = { id: 'k2', key: randomBytes(32) };
const PASSWORD = 'Settings-Invalid-7f3a-Heron';

// This replica knows k1 only, as one not yet restarted in a key rotation.
const t = useTestApp({ secretKey: K1, mailCheck: { testsPerWindow: 1_000 } });
let peer: SmtpPeer;
let connections = 0;

beforeAll(async () => {
  peer = await startSmtpPeer({
    server: {
      onConnect: (_session, callback) => {
        connections++;
        callback();
      },
    },
  });
});
afterAll(() => peer.close());

describe('testMailSession on settings this replica cannot build', () => {
  it('fails with SETTINGS_INVALID, naming the key and connecting nowhere, when the stored password is under a key this replica lacks', async () => {
    await updateOk(t, {
      outgoing: { host: '127.0.0.1', port: peer.port, security: 'NONE', user: 'mailer', password: PASSWORD },
      defaultSender: { address: 'app@example.com' },
    });
    expect(outline((await reportOf(t)).outgoing)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:ok', 'TLS:skipped', 'AUTHENTICATION:ok', 'SENDER:ok']);
    const rotated = await startTestApp({ databaseUrl: t.db.url, secretKey: K2, secretReadKeys: [K1] });
    try {
      await updateOk(rotated, { outgoing: { password: `${PASSWORD}-2` } });
    } finally {
      await rotated.close();
    }
    connections = 0;
    const report = await reportOf(t);
    expect(report.outgoing).toMatchObject({ tested: true, ok: false });
    expect(outline(report.outgoing)).toEqual(['SETTINGS:SETTINGS_INVALID']);
    const step = report.outgoing.steps[0];
    expect(step?.message).toMatch(/outgoing\.password was encrypted with key "k2", which is not configured/);
    expect(step?.message).not.toContain(PASSWORD);
    expect(report.ok).toBe(false);
    expect(connections).toBe(0);
  });

  it('tests candidate settings that give the password again, as they no longer need the stored one', async () => {
    const report = await reportOf(t, { outgoing: { password: PASSWORD } });
    expect(outline(report.outgoing)).toEqual(['DNS:ok', 'TCP:ok', 'GREETING:ok', 'TLS:skipped', 'AUTHENTICATION:ok', 'SENDER:ok']);
  });
});
