import WebSocket from 'ws';
import {
  changeOutgoingServer,
  createMailSessionClient,
  readHistory,
  readSettings,
  sendTestEmail,
  testSavedSettings,
  watchSettings,
} from '../../examples/apollo-client';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { waitUntil } from '../support/wait-until';

describe('the typed Apollo Client example against a running service', () => {
  const t = useTestApp();
  // Node 20 has no WebSocket of its own; a browser's is used without this argument.
  const connect = (token: string) => createMailSessionClient(t.url, token, WebSocket);
  let peer: SmtpPeer;
  beforeAll(async () => {
    peer = await startSmtpPeer();
  });
  afterAll(() => peer.close());

  it('reads the settings, changes the outgoing server, and reads both revisions back', async () => {
    const client = connect(ADMIN_TOKEN);
    const before = await readSettings(client);
    expect(before).toMatchObject({ id: expect.any(String), version: 0, outgoing: { host: null, passwordSet: false } });

    const first = await changeOutgoingServer(client, { host: 'smtp.example.com', port: 587, security: 'STARTTLS' }, before.version);
    expect(first.mailSession).toMatchObject({ id: before.id, version: 1, outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS' } });
    const second = await changeOutgoingServer(client, { port: 2525 }, first.mailSession.version);
    expect(second.mailSession.outgoing).toMatchObject({ host: 'smtp.example.com', port: 2525 });

    expect(await readSettings(client)).toMatchObject({ version: 2, outgoing: { host: 'smtp.example.com', port: 2525 } });
    const history = await readHistory(client, 1);
    expect(history.map((revision) => revision.version)).toEqual([2, 1]);
  });

  it('rejects with the service error when the settings changed since the expected version', async () => {
    const client = connect(ADMIN_TOKEN);
    const { version } = await readSettings(client);
    await expect(changeOutgoingServer(client, { port: 25 }, version - 1)).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) })],
    });
  });

  it('lets a viewer token read but not change the settings', async () => {
    const viewer = connect(VIEWER_TOKEN);
    const { version } = await readSettings(viewer);
    await expect(changeOutgoingServer(viewer, { port: 25 }, version)).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })],
    });
  });

  it('tests the saved outgoing server and sends a test e-mail through it, which the SMTP peer receives', async () => {
    const client = connect(ADMIN_TOKEN);
    const { version } = await readSettings(client);
    await changeOutgoingServer(client, { host: '127.0.0.1', port: peer.port, security: 'NONE' }, version);
    const report = await testSavedSettings(client);
    expect(report.outgoing.steps.map((step) => step.name)).toContain('GREETING');
    const sent = await sendTestEmail(client, 'admin@example.com');
    expect(sent).toMatchObject({ accepted: ['admin@example.com'], rejected: [] });
    await peer.waitFor(1);
    expect(peer.received[0]?.messageId).toBe(sent.messageId);
  });

  it('watches the settings over graphql-ws: a change made by another client arrives as an event', async () => {
    const watcher = connect(VIEWER_TOKEN);
    const seen: number[] = [];
    const errors: unknown[] = [];
    const stop = watchSettings(
      watcher,
      (settings) => seen.push(settings.version),
      (error) => errors.push(error),
    );
    try {
      await waitUntil('the subscription is in place', () => t.app.mailSessionChanges.subscribers === 1);
      const writer = connect(ADMIN_TOKEN);
      const { version } = await readSettings(writer);
      await changeOutgoingServer(writer, { port: 2526 }, version);
      await waitUntil('the event arrived', () => seen.length > 0 || errors.length > 0, 5_000);
      expect(errors).toEqual([]);
      expect(seen).toEqual([version + 1]);
    } finally {
      stop();
    }
  });
});
