import { onlyError, readSession, storedState, updateOk } from '../api/mail-session.operations';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { VIEWER_TOKEN, useTestApp } from '../support/test-app';
import { allRevisions, changed, restore } from './history.operations';

describe('restoreMailSession', () => {
  // Each test has its own database and app, with the same three versions (beforeEach below).
  const t = useTestApp({}, 'test');
  let good: SmtpPeer;
  let other: SmtpPeer;
  const goodPassword = `good-${process.pid}-Pw!`;

  beforeAll(async () => {
    good = await startSmtpPeer({ credentials: { user: 'mailer', pass: goodPassword } });
    other = await startSmtpPeer();
  });
  afterAll(async () => {
    await good?.close();
    await other?.close();
  });
  beforeEach(async () => {
    await updateOk(t, {
      outgoing: { host: '127.0.0.1', port: good.port, security: 'NONE', user: 'mailer', password: goodPassword },
      defaultSender: { address: 'noreply@restore.test' },
    });
    await updateOk(t, { outgoing: { port: other.port, user: 'someone-else', password: 'another-password-1' } });
    await updateOk(t, { outgoing: { clearPassword: true }, defaultSender: { name: 'Changed' } });
  });

  it('makes a new version equal to the old revision, password included, and rebuilds the transport to send with it', async () => {
    const before = await storedState(t.db);
    const received = good.received.length;

    const result = await restore(t, 1);

    expect(result.errors).toBeUndefined();
    const payload = result.data?.restoreMailSession;
    expect(payload?.mailSession.version).toBe(4);
    expect(payload?.mailSession.outgoing).toEqual({ host: '127.0.0.1', port: good.port, security: 'NONE', user: 'mailer', passwordSet: true });
    expect(payload?.mailSession.defaultSender).toEqual({ name: null, address: 'noreply@restore.test' });
    expect(payload?.mailSession.transports.outgoing).toMatchObject({ state: 'READY', appliedVersion: 4 });
    expect(await storedState(t.db)).toMatchObject({ revisions: before.revisions + 1 });

    // The restored (encrypted) password is the one the peer accepts: the transport really was rebuilt from it.
    await t.app.transports.send({ to: 'someone@restore.test', subject: 'after restore', text: 'x' });
    await good.waitFor(received + 1);
    expect(good.received[received]?.user).toBe('mailer');
  });

  it('records the restore in the history as a change by the caller, with the fields it put back', async () => {
    expect((await restore(t, 1)).errors).toBeUndefined();
    const [latest] = await allRevisions(t);
    expect(latest?.version).toBe(4);
    expect(latest?.changedBy).toBe('alice');
    expect(latest?.changes).toEqual([
      changed.int('outgoing.port', other.port, good.port),
      changed.string('outgoing.user', 'someone-else', 'mailer'),
      changed.secret('outgoing.password', 'SET'),
      changed.string('defaultSender.name', 'Changed', null),
    ]);
  });

  it('returns the revision it committed, and the settings with the id every version shares', async () => {
    const before = await restore(t, 2);
    const payload = before.data?.restoreMailSession;
    expect(before.errors).toBeUndefined();
    const [latest] = await allRevisions(t);
    expect(payload?.revision).toEqual({ id: latest?.id, version: 4, changedBy: 'alice', changes: latest?.changes });
    expect(payload?.mailSession.id).toBe((await restore(t, 1)).data?.restoreMailSession.mailSession.id);
  });

  it('returns the same warnings as an update would', async () => {
    await updateOk(t, { outgoing: { host: 'smtp.example.com', port: 110, security: 'TLS', password: 'pw-for-warnings-1' } });
    const warned = (await allRevisions(t))[0]?.version ?? 0;
    await updateOk(t, { outgoing: { host: '127.0.0.1', port: good.port, security: 'NONE', password: goodPassword } });
    const result = await restore(t, warned);
    expect(result.errors).toBeUndefined();
    expect(result.data?.restoreMailSession.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['PORT_PROTOCOL_MISMATCH', 'IMPLICIT_TLS_ON_PLAIN_PORT']),
    );
  });

  it('creates no version when the settings already equal the revision', async () => {
    const current = await readSession(t);
    const result = await restore(t, current.version);
    expect(result.errors).toBeUndefined();
    expect(result.data?.restoreMailSession.mailSession.version).toBe(current.version);
    expect(result.data?.restoreMailSession.revision).toBeNull();
    expect((await readSession(t)).version).toBe(current.version);
  });

  it('refuses with CONFLICT when expectedVersion is stale, changing nothing', async () => {
    const current = await readSession(t);
    const before = await storedState(t.db);
    const error = onlyError(await restore(t, 1, current.version - 1));
    expect(error.code).toBe('CONFLICT');
    expect(error.extensions.currentVersion).toBe(current.version);
    expect(await storedState(t.db)).toEqual(before);
  });

  it('restores when expectedVersion is current', async () => {
    const current = await readSession(t);
    const result = await restore(t, 2, current.version);
    expect(result.errors).toBeUndefined();
    expect(result.data?.restoreMailSession.mailSession.version).toBe(current.version + 1);
    expect(result.data?.restoreMailSession.mailSession.outgoing.user).toBe('someone-else');
  });

  it('answers NOT_FOUND for a version that has no revision, changing nothing', async () => {
    const before = await storedState(t.db);
    for (const version of [0, 999]) {
      const error = onlyError(await restore(t, version));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toContain(String(version));
    }
    expect(await storedState(t.db)).toEqual(before);
  });

  it('is refused for a viewer', async () => {
    expect(onlyError(await restore(t, 1, undefined, VIEWER_TOKEN)).code).toBe('FORBIDDEN');
  });
});
