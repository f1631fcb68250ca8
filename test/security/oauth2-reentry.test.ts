import { BadUserInputError } from '../../src/platform/errors/domain-errors';
import { EMPTY_OAUTH2_COLUMNS } from '../../src/mail-settings/mail-session.oauth2-columns';
import type { StoredMailSession } from '../../src/mail-settings/mail-session.row';
import { INCOMING_PASSWORD, OUTGOING_PASSWORD } from '../../src/mail-settings/mail-session.row';
import { planUpdate, type MailSessionChange } from '../../src/mail-settings/mail-session.update';
import { SecretBox } from '../../src/platform/secrets/secret-box';
import { testSecretKey } from '../support/test-app';

/*
 * Issue 15: the password re-entry rule extends to OAuth 2.0. A stored client secret, refresh token
 * or private key is sent to the token endpoint; whoever may edit the settings but does not know
 * the secret must not be able to point it at a token endpoint (or a client, grant, scope, server
 * or user) of their own. Each change below is refused on the secret's path unless the secret is
 * given again; changes that send no stored secret anywhere are accepted.
 */

const box = new SecretBox(testSecretKey());
const KEY = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';

/** Both servers on OAUTH2: outgoing app-only (Microsoft 365), incoming with a refresh token of a confidential client. */
function stored(overrides: Partial<StoredMailSession> = {}): StoredMailSession {
  return {
    id: 1,
    version: 4,
    incomingProtocol: 'IMAP',
    incomingHost: 'imap.gmail.com',
    incomingPort: 993,
    incomingSecurity: 'TLS',
    incomingUser: 'reader@example.com',
    incomingPassword: box.encrypt('old-imap-password', INCOMING_PASSWORD),
    incomingDeleteAfterFetch: true,
    outgoingHost: 'smtp.office365.com',
    outgoingPort: 587,
    outgoingSecurity: 'STARTTLS',
    outgoingUser: 'app@example.com',
    outgoingPassword: box.encrypt('old-smtp-password', OUTGOING_PASSWORD),
    additionalProperties: [],
    defaultSenderName: null,
    defaultSenderAddress: null,
    ...EMPTY_OAUTH2_COLUMNS,
    outgoingAuthentication: 'OAUTH2',
    outgoingOAuth2Grant: 'CLIENT_CREDENTIALS',
    outgoingOAuth2TokenUrl: 'https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token',
    outgoingOAuth2ClientId: 'client-1',
    outgoingOAuth2Scope: 'https://outlook.office365.com/.default',
    outgoingOAuth2ClientSecret: box.encrypt('stored-client-secret', 'outgoing.oauth2.clientSecret'),
    incomingAuthentication: 'OAUTH2',
    incomingOAuth2Grant: 'REFRESH_TOKEN',
    incomingOAuth2TokenUrl: 'https://oauth2.googleapis.com/token',
    incomingOAuth2ClientId: 'client-2',
    incomingOAuth2Scope: 'https://mail.google.com/',
    incomingOAuth2ClientSecret: box.encrypt('stored-google-secret', 'incoming.oauth2.clientSecret'),
    incomingOAuth2RefreshToken: box.encrypt('stored-refresh-token', 'incoming.oauth2.refreshToken'),
    updatedAt: new Date(0),
    updatedBy: 'test',
    ...overrides,
  };
}

function refusedFields(input: MailSessionChange, current = stored()): string[] {
  try {
    planUpdate(input, current, box);
  } catch (error) {
    if (error instanceof BadUserInputError) return error.problems.map((problem) => problem.field.join('.'));
    throw error;
  }
  return [];
}

describe('the re-entry rule for OAuth 2.0 secrets', () => {
  const outgoing: [string, MailSessionChange][] = [
    ['the token URL', { outgoing: { oauth2: { tokenUrl: 'https://attacker.example/token' } } }],
    ['the client id', { outgoing: { oauth2: { clientId: 'attacker-client' } } }],
    ['the scope', { outgoing: { oauth2: { scope: 'https://attacker.example/.default' } } }],
    ['the grant (to one that also sends the client secret)', { outgoing: { oauth2: { grant: 'REFRESH_TOKEN', refreshToken: 'new-refresh-token' } } }],
    ['the host', { outgoing: { host: 'smtp.attacker.example' } }],
    ['the port', { outgoing: { port: 25 } }],
    ['the security', { outgoing: { security: 'NONE' } }],
    ['the user', { outgoing: { user: 'attacker@example.com' } }],
  ];

  it.each(outgoing)('refuses changing %s without the client secret, on its path', (_name, input) => {
    expect(refusedFields(input)).toEqual(['outgoing.oauth2.clientSecret']);
  });

  it.each(outgoing)('accepts changing %s with the client secret given again', (_name, input) => {
    const given: MailSessionChange = {
      outgoing: Object.assign({}, input.outgoing, { oauth2: Object.assign({}, input.outgoing?.oauth2, { clientSecret: 'new-client-secret' }) }),
    };
    expect(refusedFields(given)).toEqual([]);
  });

  it('asks a REFRESH_TOKEN server for every stored secret its grant sends: the refresh token and the client secret', () => {
    expect(refusedFields({ incoming: { oauth2: { tokenUrl: 'https://attacker.example/token' } } })).toEqual([
      'incoming.oauth2.clientSecret',
      'incoming.oauth2.refreshToken',
    ]);
    expect(refusedFields({ incoming: { protocol: 'POP3' } })).toEqual(['incoming.oauth2.clientSecret', 'incoming.oauth2.refreshToken']);
    // null removes the client secret (a public client): then only the refresh token is asked for.
    expect(refusedFields({ incoming: { oauth2: { tokenUrl: 'https://attacker.example/token', clientSecret: null } } })).toEqual([
      'incoming.oauth2.refreshToken',
    ]);
  });

  it('asks a JWT_BEARER server for its private key when the token URL moves', () => {
    const current = stored({
      outgoingOAuth2Grant: 'JWT_BEARER',
      outgoingOAuth2ServiceAccountEmail: 'svc@project.iam.example.com',
      outgoingOAuth2PrivateKey: box.encrypt(KEY, 'outgoing.oauth2.privateKey'),
    });
    expect(refusedFields({ outgoing: { oauth2: { tokenUrl: 'https://attacker.example/token' } } }, current)).toEqual(['outgoing.oauth2.privateKey']);
    expect(refusedFields({ outgoing: { oauth2: { tokenUrl: 'https://attacker.example/token', privateKey: KEY } } }, current)).toEqual([]);
    // The service account's e-mail decides nothing about where the key goes.
    expect(refusedFields({ outgoing: { oauth2: { serviceAccountEmail: 'other@project.iam.example.com' } } }, current)).toEqual([]);
  });

  it('refuses switching back to OAUTH2 with stored OAuth 2.0 secrets, and back to PASSWORD with a stored password, unless given again', () => {
    const passwordServer = stored({ outgoingAuthentication: 'PASSWORD' });
    expect(refusedFields({ outgoing: { authentication: 'OAUTH2' } }, passwordServer)).toEqual(['outgoing.oauth2.clientSecret']);
    expect(refusedFields({ outgoing: { authentication: 'OAUTH2', oauth2: { clientSecret: 'again' } } }, passwordServer)).toEqual([]);
    expect(refusedFields({ outgoing: { authentication: 'PASSWORD' } })).toEqual(['outgoing.password']);
    expect(refusedFields({ outgoing: { authentication: 'PASSWORD', password: 'again' } })).toEqual([]);
    expect(refusedFields({ outgoing: { authentication: 'PASSWORD', clearPassword: true } })).toEqual([]);
  });

  it('does not ask for the stored password while OAUTH2 is in force (it is not sent)', () => {
    expect(refusedFields({ outgoing: { host: 'smtp.example.net', oauth2: { clientSecret: 'again' } } })).toEqual([]);
  });

  it('stores the secrets given as ciphertext bound to their own context, and records only that they changed', () => {
    const plan = planUpdate({ outgoing: { oauth2: { tokenUrl: 'https://login.example.com/token', clientSecret: 'new-client-secret' } } }, stored(), box);
    expect(plan?.changedFields).toEqual(['outgoing.oauth2.tokenUrl', 'outgoing.oauth2.clientSecret']);
    const ciphertext = plan?.data.outgoingOAuth2ClientSecret ?? '';
    expect(ciphertext).not.toContain('new-client-secret');
    expect(box.decrypt(ciphertext, 'outgoing.oauth2.clientSecret')).toBe('new-client-secret');
    expect(() => box.decrypt(ciphertext, 'incoming.oauth2.clientSecret')).toThrow();
  });
});

describe('the rules of an OAUTH2 server', () => {
  /** Both servers on PASSWORD, with no password and no OAuth 2.0 client, on other providers' servers. */
  const fresh = () =>
    stored({
      ...EMPTY_OAUTH2_COLUMNS,
      outgoingPassword: null,
      incomingPassword: null,
      outgoingHost: 'smtp.example.com',
      outgoingPort: 25,
      outgoingSecurity: 'NONE',
      incomingHost: 'imap.example.net',
      incomingPort: 143,
      incomingSecurity: 'NONE',
    });

  it('needs a user, a grant, an https token URL, a client id and the secret of its grant', () => {
    expect(refusedFields({ outgoing: { authentication: 'OAUTH2', user: null } }, fresh())).toEqual([
      'outgoing.user',
      'outgoing.oauth2.grant',
      'outgoing.oauth2.tokenUrl',
      'outgoing.oauth2.clientId',
    ]);
    expect(
      refusedFields(
        { outgoing: { authentication: 'OAUTH2', oauth2: { grant: 'CLIENT_CREDENTIALS', tokenUrl: 'http://login.example.com/token', clientId: 'c' } } },
        fresh(),
      ),
    ).toEqual(['outgoing.oauth2.tokenUrl', 'outgoing.oauth2.clientSecret']);
    expect(
      refusedFields(
        { outgoing: { authentication: 'OAUTH2', oauth2: { grant: 'JWT_BEARER', tokenUrl: 'https://oauth2.googleapis.com/token', clientId: 'c' } } },
        fresh(),
      ),
    ).toEqual(['outgoing.oauth2.privateKey', 'outgoing.oauth2.serviceAccountEmail']);
    expect(
      refusedFields(
        { incoming: { authentication: 'OAUTH2', oauth2: { grant: 'REFRESH_TOKEN', tokenUrl: 'https://oauth2.googleapis.com/token', clientId: 'c' } } },
        fresh(),
      ),
    ).toEqual(['incoming.oauth2.refreshToken']);
  });

  it('refuses a token URL that is not plain https: another scheme, a user name, a line break the URL parser would drop', () => {
    for (const tokenUrl of [
      'http://login.example.com/token',
      'https://user:pw@login.example.com/token',
      'https://login.example.com/\ntoken',
      'login.example.com',
    ]) {
      const input: MailSessionChange = {
        outgoing: { authentication: 'OAUTH2', oauth2: { grant: 'CLIENT_CREDENTIALS', tokenUrl, clientId: 'c', clientSecret: 's' } },
      };
      expect(refusedFields(input, fresh())).toEqual(['outgoing.oauth2.tokenUrl']);
    }
  });

  it('fills a Microsoft 365 preset (token URL of the tenant, scope, grant, server) and lets given fields override it', () => {
    const plan = planUpdate(
      { outgoing: { oauth2: { preset: 'MICROSOFT_365', tenantId: 'contoso.onmicrosoft.com', clientId: 'c', clientSecret: 's' } } },
      fresh(),
      box,
    );
    expect(plan?.data).toMatchObject({
      outgoingAuthentication: 'OAUTH2',
      outgoingHost: 'smtp.office365.com',
      outgoingPort: 587,
      outgoingSecurity: 'STARTTLS',
      outgoingOAuth2Grant: 'CLIENT_CREDENTIALS',
      outgoingOAuth2TokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      outgoingOAuth2Scope: 'https://outlook.office365.com/.default',
    });
    const incoming = planUpdate(
      { incoming: { host: 'imap.example.com', oauth2: { preset: 'MICROSOFT_365', tenantId: 't', clientId: 'c', clientSecret: 's', scope: 'x' } } },
      fresh(),
      box,
    );
    expect(incoming?.data).toMatchObject({ incomingHost: 'imap.example.com', incomingPort: 993, incomingSecurity: 'TLS', incomingOAuth2Scope: 'x' });
    expect(refusedFields({ outgoing: { oauth2: { preset: 'MICROSOFT_365', clientId: 'c', clientSecret: 's' } } }, fresh())).toEqual([
      'outgoing.oauth2.tenantId',
    ]);
  });

  it('fills a Google preset', () => {
    const plan = planUpdate(
      { outgoing: { oauth2: { preset: 'GOOGLE', grant: 'JWT_BEARER', clientId: 'c', serviceAccountEmail: 'svc@p.iam.example.com', privateKey: KEY } } },
      fresh(),
      box,
    );
    expect(plan?.data).toMatchObject({
      outgoingHost: 'smtp.gmail.com',
      outgoingPort: 465,
      outgoingSecurity: 'TLS',
      outgoingOAuth2TokenUrl: 'https://oauth2.googleapis.com/token',
      outgoingOAuth2Scope: 'https://mail.google.com/',
    });
  });
});
