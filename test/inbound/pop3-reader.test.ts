import { waitUntil } from '../support/wait-until';
import { readerFixture } from './reader-fixture';
import { countStored, deliver, describeDovecot, message, readerSettings, readerView, readMailbox, storedCounts, storedRows } from './support';

const env = readerFixture();

const rowCount = () => countStored(env.db);

describeDovecot('the POP3 reader', () => {
  it('without deleteAfterFetch, stores each message once by its UIDL, poll after poll, and leaves the mailbox as it was', async () => {
    const dovecot = await env.startDovecot({ seed: 3 });
    const app = await env.startApp({ inboundReader: readerSettings({ pollIntervalMs: 200 }) });
    await readMailbox(app, dovecot, { protocol: 'POP3' });
    await waitUntil('the seeded messages are stored', async () => (await rowCount()) === 3, 15_000);
    const fresh = message('by pop3', 'line one\r\n.dot-started line\r\n');
    await deliver(dovecot, [fresh.raw]);
    await waitUntil('the delivered message is stored', async () => (await rowCount()) === 4, 10_000);
    // Several more polls see the same four UIDLs and store nothing.
    const polls = () => app.logs.lines.filter((line) => line.includes('inbound messages stored')).length;
    const seenBefore = await env.db.query<{ messages_seen: number }>('SELECT messages_seen FROM inbound_poller');
    await waitUntil('three more polls ran', async () => {
      const [row] = await env.db.query<{ last_poll_at: Date }>('SELECT last_poll_at FROM inbound_poller');
      return row !== undefined && Date.now() - row.last_poll_at.getTime() < 150 && polls() >= 2;
    });
    expect(await rowCount()).toBe(4);
    expect(seenBefore[0]?.messages_seen).toBe(4);
    expect([...(await storedCounts(env.db)).values()]).toEqual([1, 1, 1, 1]);
    const row = (await storedRows(env.db)).find((r) => r.message_id === fresh.messageId);
    expect(row?.uidl).toMatch(/\S+/);
    expect(row?.mailbox).toBe(`pop3://alice@127.0.0.1:${dovecot.ports.pop3}`);
    // Dot-stuffing undone: the stored source is what was delivered.
    expect(row?.raw?.toString()).toBe(fresh.raw);
    const onServer = await dovecot.messages();
    expect(onServer).toHaveLength(4);
  });

  it('with deleteAfterFetch, deletes (DELE, QUIT) each message once stored, and leaves an oversized one, REFUSED', async () => {
    const dovecot = await env.startDovecot({ seed: 2 });
    const app = await env.startApp({ inboundReader: readerSettings({ pollIntervalMs: 200, maxMessageBytes: 4096 }) });
    const big = message('too big for pop3', `${'y'.repeat(76)}\r\n`.repeat(100));
    await deliver(dovecot, [big.raw]);
    await readMailbox(app, dovecot, { protocol: 'POP3', deleteAfterFetch: true });
    await waitUntil('all are recorded and the stored ones deleted', async () => (await rowCount()) === 3 && (await dovecot.messages()).length === 1, 15_000);
    const refused = (await storedRows(env.db)).find((row) => row.status === 'REFUSED');
    expect(refused).toMatchObject({ message_id: big.messageId, subject: 'too big for pop3', raw: null });
    // Later polls neither store the refused one again nor delete it.
    const fresh = message('after the refusal');
    await deliver(dovecot, [fresh.raw]);
    await waitUntil('the new one is stored and deleted', async () => (await rowCount()) === 4 && (await dovecot.messages()).length === 1, 10_000);
    expect([...(await storedCounts(env.db)).values()]).toEqual([1, 1, 1, 1]);
  });
});

describeDovecot('when the database fails between fetching and storing', () => {
  it.each(['IMAP', 'POP3'] as const)('%s: nothing is deleted or lost; the messages are fetched again later and stored once', async (protocol) => {
    const dovecot = await env.startDovecot({ seed: 3 });
    const app = await env.startApp({ inboundReader: readerSettings({ pollIntervalMs: 200 }) });
    // Every insert fails, as a database that went away after the message was fetched.
    await env.db.query(`CREATE FUNCTION refuse_inbound() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'database cut'; END $$`);
    await env.db.query('CREATE TRIGGER refuse_inbound BEFORE INSERT ON inbound_message FOR EACH ROW EXECUTE FUNCTION refuse_inbound()');
    await readMailbox(app, dovecot, { protocol, deleteAfterFetch: true });
    await waitUntil(
      'a failed session is recorded',
      async () =>
        (await env.db.query<{ last_error: string | null }>('SELECT last_error FROM inbound_poller'))[0]?.last_error?.includes('the database failed') === true,
      15_000,
    );
    await waitUntil('the reader fetched again and failed again', () => (app.logs.text.match(/inbound reader session failed/g)?.length ?? 0) >= 2, 10_000);
    expect(await rowCount()).toBe(0);
    // Admins see why, without the database's own text (host, user, SQL).
    const view = await readerView(app);
    expect(view?.lastError).toMatch(/^the message could not be stored: the database failed/);
    expect(view?.lastError).not.toMatch(/refuse_inbound|database cut|postgres|127\.0\.0\.1/);
    const onServer = await dovecot.messages();
    expect(onServer).toHaveLength(3);
    for (const file of onServer) expect(file.flags).not.toMatch(/T/);
    await env.db.query('DROP TRIGGER refuse_inbound ON inbound_message');
    await waitUntil('stored and then deleted', async () => (await rowCount()) === 3 && (await dovecot.messages()).length === 0, 20_000);
    expect([...(await storedCounts(env.db)).values()]).toEqual([1, 1, 1]);
  });
});

describeDovecot('a mailbox of 1,000 messages', () => {
  it('is stored whole, each message once', async () => {
    const dovecot = await env.startDovecot({ seed: 1_000 });
    const app = await env.startApp({ inboundReader: readerSettings() });
    await readMailbox(app, dovecot, { protocol: 'IMAP' });
    await waitUntil('every message is stored', async () => (await rowCount()) === 1_000, 90_000, 200);
    const counts = await storedCounts(env.db);
    expect(counts.size).toBe(1_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const [cursor] = await env.db.query<{ last_uid: string }>('SELECT last_uid FROM inbound_cursor');
    expect(cursor?.last_uid).toBe('1000');
  }, 120_000);
});
