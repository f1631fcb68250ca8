import { onlyError, updateOk } from '../api/mail-session.operations';
import { VIEWER_TOKEN, useTestApp } from '../support/test-app';
import { allRevisions, changed, HISTORY, history, historyOk, type HistoryPage } from './history.operations';

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

  it('records old and new values of each changed field, typed by the field, and what happened to a password', async () => {
    const [v5, v4, v3, v2, v1] = await allRevisions(t);
    expect(v1?.changes).toEqual([
      changed.string('outgoing.host', null, 'smtp.example.com'),
      changed.int('outgoing.port', 25, 587),
      changed.security('outgoing.security', 'NONE', 'STARTTLS'),
      changed.string('outgoing.user', null, 'mailer'),
      changed.secret('outgoing.password', 'SET'),
    ]);
    expect(v2?.changes).toEqual([
      changed.secret('outgoing.password', 'CHANGED'),
      changed.string('defaultSender.name', null, 'Example'),
      changed.address(null, 'noreply@example.com'),
    ]);
    expect(v3?.changes).toEqual([changed.properties([], [{ key: 'mail.smtp.connectiontimeout', value: '10000' }])]);
    expect(v4?.changes).toEqual([changed.int('outgoing.port', 587, 2525), changed.secret('outgoing.password', 'REMOVED')]);
    expect(v5?.changes).toEqual([
      changed.string('incoming.host', null, 'imap.example.com'),
      changed.int('incoming.port', 110, 993),
      changed.security('incoming.security', 'NONE', 'TLS'),
      changed.protocol('POP3', 'IMAP'),
      changed.boolean('incoming.deleteAfterFetch', true, false),
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

  it('answers the same typed changes for rows written before values or password changes were recorded, from the snapshots', async () => {
    const recorded = await allRevisions(t);
    // Rows of the first release: no changes at all; rows of the next: passwords without what happened to them.
    await t.db.query(`UPDATE mail_session_revision SET changes = '[]' WHERE version IN (1, 4)`);
    await t.db.query(`UPDATE mail_session_revision SET changes = (SELECT jsonb_agg(c - 'change') FROM jsonb_array_elements(changes) c) WHERE version = 2`);
    expect(await allRevisions(t)).toEqual(recorded);
    expect(recorded[3]?.changes).toContainEqual(changed.secret('outgoing.password', 'CHANGED'));
  });

  it('answers an address recorded before addresses were typed EmailAddress as text, not as an error', async () => {
    const legacy = [
      { field: 'defaultSender.address', old: 'postmaster', new: 'noreply@example.com' },
      { field: 'outgoing.password', secret: true, change: 'CHANGED' },
      { field: 'defaultSender.name', old: null, new: 'Example' },
    ];
    await t.db.query(`UPDATE mail_session_revision SET changes = $1::jsonb, changed_fields = $2 WHERE version = 2`, [
      JSON.stringify(legacy),
      legacy.map((c) => c.field),
    ]);
    const v2 = (await allRevisions(t)).find((r) => r.version === 2);
    expect(v2?.changes).toEqual([
      changed.string('defaultSender.address', 'postmaster', 'noreply@example.com'),
      changed.secret('outgoing.password', 'CHANGED'),
      changed.string('defaultSender.name', null, 'Example'),
    ]);
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
  const versions = (page: HistoryPage) => page.edges.map((e) => e.node.version);
  const cursorOf = async (version: number) => (await historyOk(t, { first: 22 - version })).pageInfo.endCursor ?? '';

  beforeAll(async () => {
    for (let port = 1001; port <= 1021; port++) await updateOk(t, { outgoing: { port } });
  });

  it('pages through all revisions with first and after, without gaps or repeats', async () => {
    const first = await historyOk(t, { first: 4 });
    expect(versions(first)).toEqual([21, 20, 19, 18]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0]?.cursor, endCursor: first.edges[3]?.cursor });
    expect(first.totalCount).toBe(21);
    const seen = (await allRevisions(t, 4)).map((r) => r.version);
    expect(seen).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i));
    const last = await historyOk(t, { first: 4, after: (await historyOk(t, { first: 19 })).pageInfo.endCursor ?? '' });
    expect(versions(last)).toEqual([2, 1]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.totalCount).toBe(21);
  });

  it('pages backwards with last and before, newest first within a page', async () => {
    const oldest = await historyOk(t, { last: 4 });
    expect(versions(oldest)).toEqual([4, 3, 2, 1]);
    expect(oldest.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: oldest.edges[0]?.cursor, endCursor: oldest.edges[3]?.cursor });
    const newer = await historyOk(t, { last: 4, before: oldest.pageInfo.startCursor ?? '' });
    expect(versions(newer)).toEqual([8, 7, 6, 5]);
    expect(newer.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const newest = await historyOk(t, { last: 4, before: await cursorOf(19) });
    expect(versions(newest)).toEqual([21, 20]);
    expect(newest.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const between = await historyOk(t, { last: 10, after: await cursorOf(10), before: await cursorOf(5) });
    expect(versions(between)).toEqual([9, 8, 7, 6]);
  });

  it('says there is no next page when the last page is exactly full', async () => {
    const page = await historyOk(t, { first: 21 });
    expect(page.edges).toHaveLength(21);
    expect(page.pageInfo.hasNextPage).toBe(false);
    const beyond = await historyOk(t, { first: 3, after: page.pageInfo.endCursor ?? '' });
    expect(beyond).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null }, totalCount: 21 });
  });

  it('returns the newest 20 revisions when neither first nor last is given, and first defaults to 20 in the schema', async () => {
    const page = await historyOk(t);
    expect(versions(page)).toEqual(Array.from({ length: 20 }, (_, i) => 21 - i));
    expect(page.pageInfo.hasNextPage).toBe(true);
    const result = await t.gql<{ __type: { fields: { name: string; args: { name: string; defaultValue: string | null }[] }[] } }>(
      '{ __type(name: "Query") { fields { name args { name defaultValue } } } }',
    );
    const args = result.data?.__type.fields.find((f) => f.name === 'mailSessionHistory')?.args;
    expect(args).toEqual([
      { name: 'first', defaultValue: '20' },
      { name: 'after', defaultValue: null },
      { name: 'last', defaultValue: null },
      { name: 'before', defaultValue: null },
    ]);
  });

  it('refuses first and last given together with BAD_USER_INPUT, whether literal or from variables', async () => {
    expect(onlyError(await history(t, { first: 5, last: 5 })).code).toBe('BAD_USER_INPUT');
    expect(onlyError(await t.gql('{ mailSessionHistory(first: 20, last: 2) { totalCount } }')).code).toBe('BAD_USER_INPUT');
    // A first left to its default, or given as null, gives way to last.
    expect(versions(await historyOk(t, { first: null, last: 2 }))).toEqual([2, 1]);
    const literal = await t.gql<{ mailSessionHistory: HistoryPage }>('{ mailSessionHistory(last: 2) { edges { node { version } } } }');
    expect(literal.data && versions(literal.data.mailSessionHistory)).toEqual([2, 1]);
  });

  it('accepts first or last = 100 and refuses 0, negative numbers and 101 with BAD_USER_INPUT on that argument', async () => {
    expect((await history(t, { first: 100 })).errors).toBeUndefined();
    expect((await history(t, { last: 100 })).errors).toBeUndefined();
    for (const argument of ['first', 'last'] as const) {
      for (const size of [0, -1, 101]) {
        const error = onlyError(await history(t, { [argument]: size }));
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.field).toEqual([argument]);
        expect(error.message).toContain('1 to 100');
      }
    }
  });

  it('refuses a cursor it did not issue, in after and in before', async () => {
    for (const argument of ['after', 'before'] as const) {
      for (const cursor of ['nonsense', Buffer.from('revision:abc').toString('base64url'), '']) {
        const error = onlyError(await history(t, { [argument]: cursor }));
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.field).toEqual([argument]);
      }
    }
  });
});
