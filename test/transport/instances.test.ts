import { Client } from 'pg';
import { startTestApp, testSecretKey, type TestApp } from '../support/test-app';
import { useTwoInstances } from '../support/two-instances';
import { waitUntil } from '../support/wait-until';

const UPDATE = `mutation($input: UpdateMailSessionInput!) {
  updateMailSession(input: $input) { mailSession { version outgoing { host } transports { outgoing { state appliedVersion lastError } } } }
}`;
const READ = '{ mailSession { version outgoing { host } transports { outgoing { state appliedVersion lastError } } } }';

interface Read {
  mailSession: {
    version: number;
    outgoing: { host: string | null };
    transports: { outgoing: { state: string; appliedVersion: number; lastError: string | null } };
  };
}

describe('several instances on one database', () => {
  // A database and two fresh instances per test; b reconnects its change listener after 1.5 s.
  const { db, a, b } = useTwoInstances({ b: { listenerReconnectMs: 1_500 } });

  const appliedOn = (t: TestApp) => t.app.transports.transportStatus().outgoing.appliedVersion;

  async function setHost(host: string): Promise<number> {
    const result = await a.gql<{ updateMailSession: Read }>(UPDATE, { input: { outgoing: { host } } });
    expect(result.errors).toBeUndefined();
    return result.data?.updateMailSession.mailSession.version ?? -1;
  }

  it('applies a change committed on one instance on the other, which then serves it', async () => {
    const version = await setHost('smtp-one.example.com');
    expect(appliedOn(a)).toBe(version);
    await waitUntil('instance b applied the change', () => appliedOn(b) === version, 5_000);
    const read = await b.gql<Read>(READ);
    expect(read.data?.mailSession.version).toBe(version);
    expect(read.data?.mailSession.outgoing.host).toBe('smtp-one.example.com');
    expect(read.data?.mailSession.transports.outgoing).toMatchObject({ state: 'READY', appliedVersion: version });
  });

  it('catches up on a change committed while its change listener was cut off', async () => {
    const [terminated] = await db.query<{ terminated: boolean }>(
      "SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = 'mail-session-listener-b'",
    );
    expect(terminated?.terminated).toBe(true);
    await waitUntil('instance b noticed the cut', () => !b.app.listener.connected, 5_000);
    // Committed while b cannot hear the notification (it reconnects after 1.5 s).
    const version = await setHost('smtp-two.example.com');
    expect(appliedOn(b)).toBeLessThan(version);
    await waitUntil('instance b reconnected and caught up', () => b.app.listener.connected && appliedOn(b) === version, 10_000);
    expect(b.logs.text).toContain('change listener disconnected');
    const ready = await fetch(b.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
  });

  it('reports readiness as failing while the change listener is disconnected', async () => {
    await db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mail-session-listener-b'");
    await waitUntil('instance b noticed the cut', () => !b.app.listener.connected, 5_000);
    const response = await fetch(b.url.replace('/graphql', '/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ checks: { changeListener: false, database: true } });
    await waitUntil('instance b reconnected', () => b.app.listener.connected, 10_000);
  });

  it('leaves every transport untouched when a change rolls back after its update ran', async () => {
    const applied = await setHost('smtp-two.example.com');
    await waitUntil('instance b applied the change', () => appliedOn(b) === applied, 5_000);
    const before = { a: a.app.transports.transportStatus(), b: b.app.transports.transportStatus() };
    const [{ version }] = (await db.query<{ version: number }>('SELECT version FROM mail_session')) as [{ version: number }];
    // A history row already holding the next version makes the change fail after the UPDATE
    // statement (and its NOTIFY trigger) ran, inside the transaction: a real rollback.
    await db.query("INSERT INTO mail_session_revision (version, changed_fields, changed_by, snapshot) VALUES ($1, '{}', 'test', '{}')", [version + 1]);
    // Listens as instance b does; a marker sent after the failed change arrives after anything the
    // change itself announced (PostgreSQL delivers notifications in commit order).
    const heard: string[] = [];
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    let markerHeard: () => void = () => undefined;
    const marker = new Promise<void>((resolve) => (markerHeard = resolve));
    listener.on('notification', ({ payload }) => {
      heard.push(payload ?? '');
      if (payload === 'marker') markerHeard();
    });
    try {
      await listener.query('LISTEN mail_session_changed');
      const result = await a.gql(UPDATE, { input: { outgoing: { host: 'smtp-rolled-back.example.com' } } });
      expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      await db.query("NOTIFY mail_session_changed, 'marker'");
      await marker;
    } finally {
      await listener.end();
    }
    expect(heard).toEqual(['marker']);
    const [after] = await db.query<{ version: number; outgoing_host: string }>('SELECT version, outgoing_host FROM mail_session');
    expect(after).toEqual({ version, outgoing_host: 'smtp-two.example.com' });
    expect(a.app.transports.transportStatus()).toEqual(before.a);
    expect(b.app.transports.transportStatus()).toEqual(before.b);
  });

  it('marks the transport FAILED, with a safe reason, when stored passwords cannot be decrypted', async () => {
    const other = await startTestApp({ databaseUrl: db.url, secretKey: testSecretKey(), instanceId: 'c' });
    try {
      const result = await a.gql<{ updateMailSession: Read }>(UPDATE, {
        input: { outgoing: { host: 'smtp-three.example.com', user: 'mailer', password: 'S3cret-For-Instance-Test' } },
      });
      const version = result.data?.updateMailSession.mailSession.version ?? -1;
      expect(result.data?.updateMailSession.mailSession.transports.outgoing.state).toBe('READY');
      await waitUntil('instance c applied the change', () => appliedOn(other) === version, 5_000);
      const read = await other.gql<Read>(READ);
      const status = read.data?.mailSession.transports.outgoing;
      expect(status?.state).toBe('FAILED');
      expect(status?.lastError).toMatch(/does not decrypt with key "test"/);
      expect(JSON.stringify(read)).not.toContain('S3cret-For-Instance-Test');
      await expect(other.app.transports.send({ to: 'x@example.com', text: 'x' })).rejects.toThrow(/FAILED/);
    } finally {
      await other.close();
    }
  });
});
