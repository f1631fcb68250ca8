import { useTestApp } from '../support/test-app';
import { readSession, updateOk } from './mail-session.operations';

describe('the transports field', () => {
  // A database and app per test: the first test needs the empty settings.
  const t = useTestApp({}, 'test');

  it('shows both transports DISABLED before any server is configured', async () => {
    const { transports } = await readSession(t);
    expect(transports.outgoing.state).toBe('DISABLED');
    expect(transports.incoming.state).toBe('DISABLED');
  });

  it('shows the outgoing transport READY at the new version once an outgoing host is set', async () => {
    const payload = await updateOk(t, { outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS' } });
    const { version } = payload.mailSession;

    expect(payload.mailSession.transports.outgoing).toMatchObject({ state: 'READY', appliedVersion: version, lastError: null });
    expect((await readSession(t)).transports.outgoing).toMatchObject({ state: 'READY', appliedVersion: version });
    expect(t.app.transports.transportStatus().outgoing).toMatchObject({ state: 'READY', appliedVersion: version });
  });

  it('shows the incoming transport READY at the new version once an incoming host is set', async () => {
    const payload = await updateOk(t, { incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 993, security: 'TLS' } });
    expect(payload.mailSession.transports.incoming).toMatchObject({ state: 'READY', appliedVersion: payload.mailSession.version });
  });

  it('follows every committed version, also when another field changed', async () => {
    await updateOk(t, { outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS' } });
    const payload = await updateOk(t, { defaultSender: { address: 'noreply@example.com' } });
    expect(payload.mailSession.transports.outgoing).toMatchObject({ state: 'READY', appliedVersion: payload.mailSession.version });
    expect(payload.mailSession.transports.incoming.appliedVersion).toBe(payload.mailSession.version);
  });

  it('shows the outgoing transport DISABLED once the outgoing host is set to null', async () => {
    await updateOk(t, { outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS' } });
    const before = await readSession(t);
    expect(before.transports.outgoing.state).toBe('READY');

    const payload = await updateOk(t, { outgoing: { host: null } });

    expect(payload.mailSession.version).toBe(before.version + 1);
    expect(payload.mailSession.outgoing.host).toBeNull();
    expect(payload.mailSession.transports.outgoing).toMatchObject({ state: 'DISABLED', appliedVersion: before.version + 1 });
    expect(t.app.transports.transportStatus().outgoing.state).toBe('DISABLED');
  });
});
