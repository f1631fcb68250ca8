import type { App } from '../../src/app';
import { ADMIN_TOKEN, type GraphQLResult, startTestApp, type TestApp, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { waitUntil } from '../support/wait-until';
import { onlyError, readSession, SESSION_FIELDS, updateOk } from './mail-session.operations';

/**
 * The settings query is answered from a kept answer once its text is in Apollo's document store
 * (see snapshotAnswerCache and AdmittingDocumentStore): requests 1 and 2 of a text are parsed, the
 * 3rd is executed from the store and its answer kept, the 4th on are served from that answer.
 */
const REQUESTS_UNTIL_KEPT = 3;

/**
 * Runs `send` and counts its calls of MailSessionService.get(). A kept answer costs exactly one
 * (the cache's snapshot check); an execution of a stored document costs more, as the resolver
 * reads the settings too.
 */
async function countingGets<R>(app: App, send: () => Promise<R>): Promise<{ result: R; gets: number }> {
  const spy = jest.spyOn(app.mailSession, 'get');
  try {
    const result = await send();
    return { result, gets: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

/** Sends `query` as `t.gql` does, with the count of settings reads it caused. */
function readCounting<T>(
  t: TestApp,
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
): Promise<{ result: GraphQLResult<T>; gets: number }> {
  return countingGets(t.app, () => t.gql<T>(query, variables, token));
}

/** Sends `query` until its answer is kept, each time without errors; returns the last data. */
async function warmUp<T>(t: TestApp, query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T> {
  let data: T | null | undefined;
  for (let i = 0; i < REQUESTS_UNTIL_KEPT; i++) {
    const result = await t.gql<T>(query, variables, token);
    expect(result.errors).toBeUndefined();
    data = result.data;
  }
  if (!data) throw new Error(`no data after warming up ${query}`);
  return data;
}

/** Reads `query`, which must now be answered from the kept answer; returns its data. */
async function readKept<T>(t: TestApp, query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T | null | undefined> {
  const { result, gets } = await readCounting<T>(t, query, variables, token);
  expect(result.errors).toBeUndefined();
  expect(gets).toBe(1);
  return result.data;
}

interface HostAndVersion {
  mailSession: { version: number; outgoing: { host: string | null } };
}

const hostAndVersionQuery = (name: string): string => `query ${name} { mailSession { version outgoing { host } } }`;

describe('answers of the settings query kept per settings view', () => {
  const t = useTestApp();

  it('serves a warmed-up query text without executing it, with the same data as an execution', async () => {
    const query = `query ServedWithoutExecuting { mailSession { ${SESSION_FIELDS} } }`;
    const reads: { result: GraphQLResult; gets: number }[] = [];
    for (let i = 0; i < REQUESTS_UNTIL_KEPT + 4; i++) reads.push(await readCounting(t, query));

    for (const { result } of reads) {
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual(reads[0]?.result.data);
    }
    const gets = reads.map((read) => read.gets);
    // The 3rd request comes from the document store and is executed: the cache and the resolver read.
    expect(gets[REQUESTS_UNTIL_KEPT - 1]).toBeGreaterThan(1);
    // From the 4th on only the cache's snapshot check reads: the resolver does not run.
    expect(gets.slice(REQUESTS_UNTIL_KEPT)).toEqual([1, 1, 1, 1]);
  });

  it('answers the very next read after a change with the new settings', async () => {
    const query = hostAndVersionQuery('FreshAfterChange');
    for (const host of ['fresh-one.example.com', 'fresh-two.example.com']) {
      await warmUp(t, query);
      await readKept(t, query);

      const { mailSession } = await updateOk(t, { outgoing: { host } });

      const after = await t.gql<HostAndVersion>(query);
      expect(after.errors).toBeUndefined();
      expect(after.data?.mailSession).toEqual({ version: mailSession.version, outgoing: { host } });
    }
  });

  it('answers with the new settings on another instance once it applied a change made elsewhere', async () => {
    const query = hostAndVersionQuery('FreshOnOtherInstance');
    const other = await startTestApp({ databaseUrl: t.db.url, instanceId: 'other' });
    try {
      const before = await warmUp<HostAndVersion>(other, query);
      expect(await readKept(other, query)).toEqual(before);

      const host = 'other-instance.example.com';
      const { mailSession } = await updateOk(t, { outgoing: { host } });
      expect(mailSession.version).toBeGreaterThan(before.mailSession.version);
      await waitUntil('the other instance applied the change', () => other.app.transports.appliedVersion === mailSession.version);

      const after = await other.gql<HostAndVersion>(query);
      expect(after.errors).toBeUndefined();
      expect(after.data?.mailSession).toEqual({ version: mailSession.version, outgoing: { host } });
    } finally {
      await other.close();
    }
  });

  it('answers each set of variables with its own data', async () => {
    const query = 'query Shape($full: Boolean!) { mailSession { version outgoing @include(if: $full) { host } } }';
    await updateOk(t, { outgoing: { host: 'shape.example.com' } });
    const { version } = await readSession(t);
    const gets: number[] = [];
    for (let i = 0; i < 12; i++) {
      const full = i % 2 === 0;
      const { result, gets: count } = await readCounting(t, query, { full });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ mailSession: full ? { version, outgoing: { host: 'shape.example.com' } } : { version } });
      gets.push(count);
    }
    // The later requests were answered from kept answers, one per value of $full.
    expect(gets.slice(-4)).toEqual([1, 1, 1, 1]);
  });

  it('keys answers by the variables the operation declares, not by undeclared ones', async () => {
    const query = 'query Declared($full: Boolean!) { mailSession { version outgoing @include(if: $full) { host } } }';
    const data = await warmUp<HostAndVersion>(t, query, { full: true });
    // graphql-js ignores undeclared variables; each new one must not make a new answer to keep.
    for (let i = 0; i < 3; i++) expect(await readKept(t, query, { full: true, [`junk${i}`]: 'x'.repeat(1000) })).toEqual(data);
    // Left out and null are different requests: left out takes the default, null is refused.
    const withDefault = 'query Defaulted($full: Boolean = true) { mailSession { version outgoing @include(if: $full) { host } } }';
    const defaulted = await warmUp<HostAndVersion>(t, withDefault);
    expect(defaulted).toEqual(data);
    expect((await t.gql(withDefault, { full: false })).data).toEqual({ mailSession: { version: data.mailSession.version } });
    expect((await t.gql(withDefault, { full: null })).errors).toBeDefined();
  });

  it('answers each named operation of one document with its own selection', async () => {
    const document = 'query HostOnly { mailSession { outgoing { host } } } query VersionOnly { mailSession { version } }';
    const send = (operationName: string) =>
      countingGets(t.app, async () => {
        const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };
        const response = await fetch(t.url, { method: 'POST', headers, body: JSON.stringify({ query: document, operationName }) });
        return (await response.json()) as GraphQLResult;
      });
    const session = await readSession(t);
    const expected: Record<string, unknown> = {
      HostOnly: { mailSession: { outgoing: { host: session.outgoing.host } } },
      VersionOnly: { mailSession: { version: session.version } },
    };
    const gets: number[] = [];
    for (let i = 0; i < 12; i++) {
      const name = i % 2 === 0 ? 'HostOnly' : 'VersionOnly';
      const { result, gets: count } = await send(name);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual(expected[name]);
      gets.push(count);
    }
    expect(gets.slice(-4)).toEqual([1, 1, 1, 1]);
  });

  it('refuses a caller without a token, and serves an admin, after a viewer warmed the query up', async () => {
    const query = 'query ByCaller { mailSession { version updatedBy outgoing { host } } }';
    const viewerData = await warmUp(t, query, undefined, VIEWER_TOKEN);
    expect(await readKept(t, query, undefined, VIEWER_TOKEN)).toEqual(viewerData);

    for (const token of [null, 'not-a-token-0123456789abcdef']) {
      const refused = await t.gql(query, undefined, token);
      expect(onlyError(refused).code).toBe('UNAUTHENTICATED');
      expect(refused.data ?? null).toBeNull();
    }

    const admin = await t.gql(query, undefined, ADMIN_TOKEN);
    expect(admin.errors).toBeUndefined();
    expect(admin.data).toEqual(viewerData);
  });

  it('executes an operation that also selects mailSessionHistory every time, even while the settings view stays the same', async () => {
    const query = `query WithHistory {
      mailSession { version }
      mailSessionHistory(first: 1) { edges { node { version settings { outgoing { host } } } } }
    }`;
    interface WithHistory {
      mailSession: { version: number };
      mailSessionHistory: { edges: { node: { version: number; settings: { outgoing: { host: string | null } } } }[] };
    }
    // An instance that hears of no change (its periodic check runs once a minute): its settings
    // view stays the same object while the history in the database moves on.
    const lagging = await startTestApp({ databaseUrl: t.db.url, instanceId: 'lagging' });
    try {
      await lagging.app.listener.stop();
      const before = await warmUp<WithHistory>(lagging, query);
      const applied = before.mailSession.version;

      for (const host of ['history-one.example.com', 'history-two.example.com']) {
        const { mailSession } = await updateOk(t, { outgoing: { host } });
        const result = await lagging.gql<WithHistory>(query);
        expect(result.errors).toBeUndefined();
        expect(result.data).toEqual({
          // This instance has not applied the change: its view is the one the warm-up read.
          mailSession: { version: applied },
          mailSessionHistory: { edges: [{ node: { version: mailSession.version, settings: { outgoing: { host } } } }] },
        });
      }
    } finally {
      await lagging.close();
    }
  });
});
