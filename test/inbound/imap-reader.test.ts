import { imapClient } from '../support/imap-client';
import { waitUntil } from '../support/wait-until';
import { readerFixture } from './reader-fixture';
import { CAPABILITIES_WITHOUT_IDLE, countStored, deliver, describeDovecot, message, readerSettings, readMailbox, storedCounts, storedRows } from './support';

const env = readerFixture();

async function messagesIn(client: Awaited<ReturnType<typeof imapClient>>, folder: string): Promise<number | undefined> {
  const status = await client.status(folder, { messages: true });
  return status === false ? undefined : status.messages;
}

const rowCount = () => countStored(env.db);

describeDovecot('the IMAP reader', () => {
  it('stores each message once with IDLE, as it is delivered, and leaves it unread on the server', async () => {
    const dovecot = await env.startDovecot({ seed: 3 });
    // Polls only every 10 minutes: a delivery seen within seconds came through IDLE.
    const app = await env.startApp({ inboundReader: readerSettings({ pollIntervalMs: 600_000 }) });
    await readMailbox(app, dovecot, { protocol: 'IMAP' });
    await waitUntil('the seeded messages are stored', async () => (await rowCount()) === 3, 15_000);
    const fresh = [message('first reply'), message('second reply')];
    await deliver(
      dovecot,
      fresh.map((m) => m.raw),
    );
    await waitUntil('the delivered messages are stored', async () => (await rowCount()) === 5, 10_000);
    const counts = await storedCounts(env.db);
    for (const m of fresh) expect(counts.get(m.messageId)).toBe(1);
    for (let i = 1; i <= 3; i++) expect(counts.get(`<seed-${i}@example.com>`)).toBe(1);
    const rows = await storedRows(env.db);
    expect(rows.find((row) => row.message_id === fresh[0]?.messageId)).toMatchObject({
      status: 'NEW',
      subject: 'first reply',
      from_address: 'sender@example.com',
      to_addresses: ['alice@example.com'],
      text_body: 'Body of first reply\n',
      unparseable: false,
      mailbox: `imap://alice@127.0.0.1:${dovecot.ports.imap}/INBOX`,
    });
    expect(rows.every((row) => row.raw !== null && row.raw.length === row.size_bytes)).toBe(true);
    // Not deleted, not marked \Seen: deleteAfterFetch is off.
    const onServer = await dovecot.messages();
    expect(onServer).toHaveLength(5);
    for (const file of onServer) expect(file.flags).not.toMatch(/[ST]/);
  });

  it('polls a server that offers no IDLE, every INBOUND_POLL_INTERVAL_MS', async () => {
    const dovecot = await env.startDovecot({ seed: 1, imapCapability: CAPABILITIES_WITHOUT_IDLE });
    const app = await env.startApp({ inboundReader: readerSettings({ pollIntervalMs: 300 }) });
    await readMailbox(app, dovecot, { protocol: 'IMAP' });
    await waitUntil('the seeded message is stored', async () => (await rowCount()) === 1, 15_000);
    const fresh = [message('polled one'), message('polled two')];
    await deliver(
      dovecot,
      fresh.map((m) => m.raw),
    );
    await waitUntil('the delivered messages are stored', async () => (await rowCount()) === 3, 10_000);
    expect([...(await storedCounts(env.db)).values()]).toEqual([1, 1, 1]);
    expect(app.logs.text).not.toContain('IDLE');
  });

  it('after a restart, stores only what is new', async () => {
    const dovecot = await env.startDovecot({ seed: 2 });
    const first = await env.startApp({ instanceId: 'first', inboundReader: readerSettings() });
    await readMailbox(first, dovecot, { protocol: 'IMAP' });
    await waitUntil('the seeded messages are stored', async () => (await rowCount()) === 2, 15_000);
    await first.close();
    const later = message('while nobody read');
    await deliver(dovecot, [later.raw]);
    const app = await env.startApp({ instanceId: 'second', inboundReader: readerSettings() });
    await waitUntil('the message delivered meanwhile is stored', async () => (await rowCount()) === 3, 15_000);
    await waitUntil('the second instance polled', () => app.logs.text.includes('"mailbox"'), 5_000);
    expect([...(await storedCounts(env.db)).values()]).toEqual([1, 1, 1]);
    const [cursor] = await env.db.query<{ last_uid: string }>('SELECT last_uid FROM inbound_cursor');
    expect(cursor?.last_uid).toBe('3');
  });

  it('with deleteAfterFetch, expunges each message once its row is stored; with mail.imap.movetofolder, moves it there instead', async () => {
    const dovecot = await env.startDovecot({ seed: 2 });
    const app = await env.startApp({ inboundReader: readerSettings() });
    await readMailbox(app, dovecot, { protocol: 'IMAP', deleteAfterFetch: true });
    await waitUntil(
      'the seeded messages are stored and gone from the server',
      async () => (await rowCount()) === 2 && (await dovecot.messages()).length === 0,
      15_000,
    );
    const client = await imapClient(dovecot);
    await client.mailboxCreate('Processed');
    await client.logout();
    await readMailbox(app, dovecot, {
      protocol: 'IMAP',
      deleteAfterFetch: true,
      additionalProperties: [{ key: 'mail.imap.movetofolder', value: 'Processed' }],
    });
    const moved = message('to be moved');
    await deliver(dovecot, [moved.raw]);
    await waitUntil('the delivered message is stored', async () => (await rowCount()) === 3, 10_000);
    const check = await imapClient(dovecot);
    try {
      await waitUntil('the message left INBOX for Processed', async () => (await messagesIn(check, 'INBOX')) === 0, 5_000);
      expect(await messagesIn(check, 'Processed')).toBe(1);
    } finally {
      await check.logout();
    }
    expect([...(await storedCounts(env.db)).values()]).toEqual([1, 1, 1]);
  });

  it('records an oversized message REFUSED with its headers and leaves it on the server; stores a malformed one raw, flagged', async () => {
    const dovecot = await env.startDovecot();
    const app = await env.startApp({ inboundReader: readerSettings({ maxMessageBytes: 4096 }) });
    await readMailbox(app, dovecot, { protocol: 'IMAP', deleteAfterFetch: true });
    const big = message('too big', `${'x'.repeat(76)}\r\n`.repeat(100));
    const malformed = 'this is no mail message: no header section at all\r\n\r\njust text\r\n';
    await deliver(dovecot, [big.raw, malformed]);
    await waitUntil('both are recorded', async () => (await rowCount()) === 2, 15_000);
    const rows = await storedRows(env.db);
    const refused = rows.find((row) => row.status === 'REFUSED');
    expect(refused).toMatchObject({ message_id: big.messageId, subject: 'too big', raw: null, text_body: null });
    expect(refused?.size_bytes).toBeGreaterThan(4096);
    expect(refused?.refused_reason).toContain('INBOUND_MAX_MESSAGE_BYTES');
    const unparseable = rows.find((row) => row.unparseable);
    expect(unparseable).toMatchObject({ status: 'NEW', message_id: null });
    expect(unparseable?.raw?.toString()).toBe(malformed);
    // The malformed one was stored, so deleted; the refused one stays.
    await waitUntil('the stored one is deleted', async () => (await dovecot.messages()).length === 1, 5_000);
    expect((await storedRows(env.db)).length).toBe(2);
  });

  it('when UIDVALIDITY changes, reads the folder again without storing a message twice (mail.imap.folder)', async () => {
    const dovecot = await env.startDovecot();
    const admin = await imapClient(dovecot);
    await admin.mailboxCreate('Replies');
    await admin.logout();
    const before = [message('one'), message('two')];
    await deliver(
      dovecot,
      before.map((m) => m.raw),
      'Replies',
    );
    const app = await env.startApp({ inboundReader: readerSettings() });
    await readMailbox(app, dovecot, { protocol: 'IMAP', additionalProperties: [{ key: 'mail.imap.folder', value: 'Replies' }] });
    await waitUntil('the folder is read', async () => (await rowCount()) === 2, 15_000);
    const [first] = await env.db.query<{ uid_validity: string }>('SELECT uid_validity FROM inbound_cursor');
    // Dovecot gives a new folder the current second as its UIDVALIDITY: one made again within the
    // same second as the first would keep it (the case this test is not about), so wait for the next.
    await waitUntil('the clock is past the first UIDVALIDITY', () => Math.floor(Date.now() / 1000) > Number(first?.uid_validity), 2_000, 50);
    // The folder is recreated: same messages, new UIDVALIDITY, UIDs from 1 again; and one more.
    const renamer = await imapClient(dovecot);
    await renamer.mailboxRename('Replies', 'Old');
    await renamer.mailboxCreate('Replies');
    await renamer.mailboxOpen('Old');
    await renamer.messageCopy('1:*', 'Replies');
    await renamer.logout();
    const after = message('three');
    await deliver(dovecot, [after.raw], 'Replies');
    await waitUntil('the new message is stored', async () => (await storedCounts(env.db)).get(after.messageId) === 1, 20_000);
    const [second] = await env.db.query<{ uid_validity: string }>('SELECT uid_validity FROM inbound_cursor');
    expect(second?.uid_validity).not.toBe(first?.uid_validity);
    expect(await rowCount()).toBe(3);
    expect([...(await storedCounts(env.db)).values()]).toEqual([1, 1, 1]);
    expect(app.logs.text).toContain('new UIDVALIDITY');
  });

  it('reads the folder again when its UIDs began again under the same UIDVALIDITY (UIDNEXT below the last UID stored), storing nothing twice', async () => {
    const dovecot = await env.startDovecot();
    const before = [message('one'), message('two')];
    await deliver(
      dovecot,
      before.map((m) => m.raw),
    );
    const app = await env.startApp({ inboundReader: readerSettings() });
    await readMailbox(app, dovecot, { protocol: 'IMAP' });
    await waitUntil('the folder is read', async () => (await rowCount()) === 2, 15_000);
    // A folder deleted and made again within one second keeps its UIDVALIDITY (Dovecot takes the
    // current second) while its UIDs start from 1: the cursor is then past every UID the folder
    // will give for a while. As if the old folder had held 1,000 messages:
    await env.db.query('UPDATE inbound_cursor SET last_uid = 1000, updated_at = now()');
    const after = message('three');
    await deliver(dovecot, [after.raw]);
    await waitUntil('the new message is stored', async () => (await storedCounts(env.db)).get(after.messageId) === 1, 20_000);
    expect(await rowCount()).toBe(3);
    expect([...(await storedCounts(env.db)).values()]).toEqual([1, 1, 1]);
    const [cursor] = await env.db.query<{ last_uid: string }>('SELECT last_uid FROM inbound_cursor');
    expect(cursor?.last_uid).toBe('3');
    expect(app.logs.text).toContain('began again under the same UIDVALIDITY');
  });
});
