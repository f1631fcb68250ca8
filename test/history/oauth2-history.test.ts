import { storedState, updateOk } from '../api/mail-session.operations';
import { useTestApp } from '../support/test-app';
import { restore } from './history.operations';

/* Issue 15: history records the OAuth 2.0 fields as typed changes (secrets only as SET/CHANGED/REMOVED), and a restore restores them. */

const CHANGES = `
  query { mailSessionHistory(first: 10) { edges { node { version changes {
    __typename field
    ... on StringFieldChange { oldString newString }
    ... on MailAuthenticationFieldChange { oldAuthentication newAuthentication }
    ... on OAuth2GrantFieldChange { oldGrant newGrant }
    ... on SecretFieldChange { change }
  } } } } }
`;
const SECRET = `history-secret-${process.pid}-Basalt`;

interface Node {
  version: number;
  changes: Record<string, unknown>[];
}

describe('OAuth 2.0 in the history', () => {
  const t = useTestApp();

  it('records each field with its type, the secret without its value, and restores the client with its ciphertext', async () => {
    await updateOk(t, { outgoing: { host: 'smtp.example.com', user: 'app@example.com' } });
    const stored = await storedState(t.db);
    await updateOk(t, {
      outgoing: {
        authentication: 'OAUTH2',
        oauth2: { grant: 'CLIENT_CREDENTIALS', tokenUrl: 'https://login.example.com/token', clientId: 'client-1', clientSecret: SECRET },
      },
    });
    const withClient = await storedState(t.db);

    const result = await t.gql<{ mailSessionHistory: { edges: { node: Node }[] } }>(CHANGES);
    expect(result.errors).toBeUndefined();
    const text = JSON.stringify(result.data);
    expect(text).not.toContain(SECRET);
    const latest = result.data?.mailSessionHistory.edges.map((edge) => edge.node).find((node) => node.version === 2);
    expect(latest?.changes).toEqual([
      { __typename: 'MailAuthenticationFieldChange', field: ['outgoing', 'authentication'], oldAuthentication: 'PASSWORD', newAuthentication: 'OAUTH2' },
      { __typename: 'OAuth2GrantFieldChange', field: ['outgoing', 'oauth2', 'grant'], oldGrant: null, newGrant: 'CLIENT_CREDENTIALS' },
      { __typename: 'StringFieldChange', field: ['outgoing', 'oauth2', 'tokenUrl'], oldString: null, newString: 'https://login.example.com/token' },
      { __typename: 'StringFieldChange', field: ['outgoing', 'oauth2', 'clientId'], oldString: null, newString: 'client-1' },
      { __typename: 'SecretFieldChange', field: ['outgoing', 'oauth2', 'clientSecret'], change: 'SET' },
    ]);

    // Back to version 1 (no OAuth 2.0), then forward to version 2: the client and its ciphertext come back as they were.
    expect((await restore(t, 1)).errors).toBeUndefined();
    const back = await storedState(t.db);
    expect(back.row).toMatchObject({ outgoing_authentication: 'PASSWORD', outgoing_oauth2_client_id: null, outgoing_oauth2_client_secret: null });
    expect(stored.row.outgoing_authentication).toBe('PASSWORD');
    const again = await restore(t, 2);
    expect(again.errors).toBeUndefined();
    const forward = await storedState(t.db);
    for (const column of [
      'outgoing_authentication',
      'outgoing_oauth2_grant',
      'outgoing_oauth2_token_url',
      'outgoing_oauth2_client_id',
      'outgoing_oauth2_client_secret',
    ]) {
      expect(forward.row[column]).toEqual(withClient.row[column]);
    }
    expect(again.data?.restoreMailSession.revision?.changes.map((change) => change.field.join('.'))).toEqual([
      'outgoing.authentication',
      'outgoing.oauth2.grant',
      'outgoing.oauth2.tokenUrl',
      'outgoing.oauth2.clientId',
      'outgoing.oauth2.clientSecret',
    ]);
  });
});
