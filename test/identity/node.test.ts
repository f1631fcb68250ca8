import { onlyError, readSession, updateOk } from '../api/mail-session.operations';
import { allRevisions } from '../history/history.operations';
import { VIEWER_TOKEN, useTestApp } from '../support/test-app';

const NODE = `
  query Node($id: ID!) {
    node(id: $id) {
      __typename id
      ... on MailSession { version outgoing { host } }
      ... on MailSessionRevision { version changedBy }
    }
  }
`;

interface NodeView {
  __typename: string;
  id: string;
  version: number;
  outgoing?: { host: string | null };
  changedBy?: string;
}

const ID_OF_SESSION = '{ mailSession { id version } }';

describe('global ids and Query.node', () => {
  const t = useTestApp();
  const node = (id: string, token?: string | null) => t.gql<{ node: NodeView | null }>(NODE, { id }, token);
  const encode = (text: string) => Buffer.from(text).toString('base64url');

  beforeAll(async () => {
    await updateOk(t, { outgoing: { host: 'smtp.one.test' } });
    await updateOk(t, { outgoing: { host: 'smtp.two.test' } });
  });

  it('gives the settings one id that stays the same across versions', async () => {
    const before = await t.gql<{ mailSession: { id: string; version: number } }>(ID_OF_SESSION);
    await updateOk(t, { defaultSender: { name: 'Node Test' } });
    const after = await t.gql<{ mailSession: { id: string; version: number } }>(ID_OF_SESSION);
    expect(after.data?.mailSession.version).toBe((before.data?.mailSession.version ?? 0) + 1);
    expect(after.data?.mailSession.id).toBe(before.data?.mailSession.id);
    expect(after.data?.mailSession.id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('fetches the settings back by their id, as the mailSession query answers them', async () => {
    const session = await t.gql<{ mailSession: { id: string } }>(ID_OF_SESSION);
    const id = session.data?.mailSession.id ?? '';
    const result = await node(id);
    expect(result.errors).toBeUndefined();
    const current = await readSession(t);
    expect(result.data?.node).toEqual({ __typename: 'MailSession', id, version: current.version, outgoing: { host: 'smtp.two.test' } });
  });

  it('gives every revision its own id and fetches each back, unique across types', async () => {
    const revisions = await allRevisions(t);
    const ids = revisions.map((r) => r.id);
    const session = await t.gql<{ mailSession: { id: string } }>(ID_OF_SESSION);
    expect(new Set([...ids, session.data?.mailSession.id]).size).toBe(revisions.length + 1);
    for (const revision of revisions) {
      const result = await node(revision.id);
      expect(result.errors).toBeUndefined();
      expect(result.data?.node).toEqual({ __typename: 'MailSessionRevision', id: revision.id, version: revision.version, changedBy: 'alice' });
    }
  });

  it('answers null for a well-formed id of an object that does not exist', async () => {
    for (const id of [encode('MailSessionRevision:999'), encode('MailSession:2')]) {
      const result = await node(id);
      expect(result.errors).toBeUndefined();
      expect(result.data?.node).toBeNull();
    }
  });

  it('refuses an id it did not issue with BAD_USER_INPUT on id', async () => {
    const garbage = ['', 'nonsense!', encode('MailSession'), encode('User:1'), encode('MailSession:1') + '=', `${encode('MailSession:1')}x`, encode(':1')];
    for (const id of garbage) {
      const error = onlyError(await node(id));
      expect([id, error.code]).toEqual([id, 'BAD_USER_INPUT']);
      expect(error.field).toEqual(['id']);
    }
  });

  it('lets a viewer fetch nodes and refuses a caller without a token', async () => {
    const session = await t.gql<{ mailSession: { id: string } }>(ID_OF_SESSION);
    const id = session.data?.mailSession.id ?? '';
    expect((await node(id, VIEWER_TOKEN)).data?.node?.__typename).toBe('MailSession');
    expect(onlyError(await node(id, null)).code).toBe('UNAUTHENTICATED');
  });
});
