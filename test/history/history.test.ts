import { onlyError, updateOk } from '../api/mail-session.operations';
import { VIEWER_TOKEN, useTestApp } from '../support/test-app';
import { allRevisions, HISTORY, history, historyOk } from './history.operations';

describe('mailSessionHistory', () => {
  const t = useTestApp();
  const firstPassword = `first-${process.pid}-Secret!`;
  const secondPassword = `second-${process.pid}-Secret!`;

  beforeAll(async () => {
    await updateOk(t, { outgoing: { host: 'smtp.example.com', port: 587, security: 'STARTTLS', user: 'mailer', password: firstPassword } });
    await updateOk(t, { outgoing: { password: secondPassword }, defaultSender: { name: 'Example', address: 'noreply@example.com' } });
    await updateOk(t, { additionalProperties: [{ key: 'mail.smtp.connectiontimeout', value: '10000' }] });
    await updateOk(t, { outgoing: { port: 2525, clearPassword: true } });
    await updateOk(t, { incoming: { protocol: 'IMAP', host: 'imap.example.com', port: 993, security: 'TLS', deleteAfterFetch: false } });
  });

  it('lists every committed change newest first, with who made it and when', async () => {
    const revisions = await allRevisions(t);
    expect(revisions.map((r) => r.version)).toEqual([5, 4, 3, 2, 1]);
    expect(revisions.every((r) => r.changedBy === 'alice')).toBe(true);
    const times = revisions.map((r) => Date.parse(r.changedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('records old and new values of each changed field', async () => {
    const [v5, v4, v3, v2, v1] = await allRevisions(t);
    expect(v1?.changes).toEqual([
      { field: 'outgoing.host', oldValue: null, newValue: 'smtp.example.com', secret: false },
      { field: 'outgoing.port', oldValue: 25, newValue: 587, secret: false },
      { field: 'outgoing.security', oldValue: 'NONE', newValue: 'STARTTLS', secret: false },
      { field: 'outgoing.user', oldValue: null, newValue: 'mailer', secret: false },
      { field: 'outgoing.password', oldValue: null, newValue: null, secret: true },
    ]);
    expect(v2?.changes).toEqual([
      { field: 'outgoing.password', oldValue: null, newValue: null, secret: true },
      { field: 'defaultSender.name', oldValue: null, newValue: 'Example', secret: false },
      { field: 'defaultSender.address', oldValue: null, newValue: 'noreply@example.com', secret: false },
    ]);
    expect(v3?.changes).toEqual([
      { field: 'additionalProperties', oldValue: [], newValue: [{ key: 'mail.smtp.connectiontimeout', value: '10000' }], secret: false },
    ]);
    expect(v4?.changes).toEqual([
      { field: 'outgoing.port', oldValue: 587, newValue: 2525, secret: false },
      { field: 'outgoing.password', oldValue: null, newValue: null, secret: true },
    ]);
    expect(v5?.changes.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['incoming.host', null, 'imap.example.com'],
      ['incoming.port', 110, 993],
      ['incoming.security', 'NONE', 'TLS'],
      ['incoming.protocol', 'POP3', 'IMAP'],
      ['incoming.deleteAfterFetch', true, false],
    ]);
  });

  it('keeps a full snapshot of the settings each change left, with passwords only as passwordSet', async () => {
    const [v5, v4, , v2] = await allRevisions(t);
    expect(v2?.settings.outgoing).toEqual({ host: 'smtp.example.com', port: 587, security: 'STARTTLS', user: 'mailer', passwordSet: true });
    expect(v2?.settings.defaultSender).toEqual({ name: 'Example', address: 'noreply@example.com' });
    expect(v2?.settings.additionalProperties).toEqual([]);
    expect(v4?.settings.outgoing.passwordSet).toBe(false);
    expect(v5?.settings.incoming).toEqual({
      protocol: 'IMAP',
      host: 'imap.example.com',
      port: 993,
      security: 'TLS',
      user: null,
      passwordSet: false,
      deleteAfterFetch: false,
    });
  });

  it('never returns a password or its ciphertext, and stores the snapshot encrypted', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${VIEWER_TOKEN}` },
      body: JSON.stringify({ query: HISTORY, variables: { first: 100 } }),
    });
    const text = await response.text();
    expect(text).toContain('"version":1');
    const rows = await t.db.query<{ snapshot: { outgoingPassword: string | null }; changes: unknown }>(
      'SELECT snapshot, changes FROM mail_session_revision ORDER BY version',
    );
    const ciphertexts = rows.map((row) => row.snapshot.outgoingPassword).filter((c): c is string => c !== null);
    expect(new Set(ciphertexts).size).toBe(2);
    for (const secret of [firstPassword, secondPassword, ...ciphertexts]) expect(text).not.toContain(secret);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(firstPassword);
    expect(stored).not.toContain(secondPassword);
    expect(JSON.stringify(rows.map((row) => row.changes))).not.toMatch(/outgoingPassword|[A-Za-z0-9+/]{40,}/);
  });

  it('lets a viewer read the history', async () => {
    const result = await history(t, { first: 1 }, VIEWER_TOKEN);
    expect(result.errors).toBeUndefined();
    expect(result.data?.mailSessionHistory.edges).toHaveLength(1);
  });

  it('refuses a caller without a token', async () => {
    expect(onlyError(await history(t, {}, null)).code).toBe('UNAUTHENTICATED');
  });
});

describe('mailSessionHistory pagination', () => {
  const t = useTestApp();

  beforeAll(async () => {
    for (let port = 1001; port <= 1021; port++) await updateOk(t, { outgoing: { port } });
  });

  it('pages through all revisions with first and after, without gaps or repeats', async () => {
    const first = await historyOk(t, { first: 4 });
    expect(first.edges.map((e) => e.node.version)).toEqual([21, 20, 19, 18]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[3]?.cursor });
    const seen = (await allRevisions(t, 4)).map((r) => r.version);
    expect(seen).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i));
    const last = await historyOk(t, { first: 4, after: (await historyOk(t, { first: 19 })).pageInfo.endCursor ?? '' });
    expect(last.edges.map((e) => e.node.version)).toEqual([2, 1]);
    expect(last.pageInfo.hasNextPage).toBe(false);
  });

  it('says there is no next page when the last page is exactly full', async () => {
    const page = await historyOk(t, { first: 21 });
    expect(page.edges).toHaveLength(21);
    expect(page.pageInfo.hasNextPage).toBe(false);
    const beyond = await historyOk(t, { first: 3, after: page.pageInfo.endCursor ?? '' });
    expect(beyond).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('returns the newest 20 revisions when first is left out', async () => {
    const page = await historyOk(t);
    expect(page.edges.map((e) => e.node.version)).toEqual(Array.from({ length: 20 }, (_, i) => 21 - i));
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('accepts first = 100 and refuses 0, negative numbers and 101 with BAD_USER_INPUT on first', async () => {
    expect((await history(t, { first: 100 })).errors).toBeUndefined();
    for (const first of [0, -1, 101]) {
      const error = onlyError(await history(t, { first }));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.field).toEqual(['first']);
      expect(error.message).toContain('1 to 100');
    }
  });

  it('refuses a cursor it did not issue', async () => {
    for (const after of ['nonsense', Buffer.from('revision:abc').toString('base64url'), '']) {
      const error = onlyError(await history(t, { after }));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.field).toEqual(['after']);
    }
  });
});
