import { randomBytes } from 'node:crypto';
import { parseMailProperties } from '../../src/javamail/mail-properties';
import type { UpdateMailSessionInput } from '../../src/mail-settings/mail-session.input';
import type { StoredMailSession } from '../../src/mail-settings/mail-session.row';
import { planUpdate, updateInputProblems } from '../../src/mail-settings/mail-session.update';
import { SecretBox } from '../../src/platform/secrets/secret-box';
import { storedMailSession } from '../support/stored-mail-session';
import { badUserInputOf, property } from './support';

/*
 * Issue 15: mail.smtp.auth.mechanisms may list XOAUTH2 for an outgoing server whose
 * authentication is OAUTH2 (it always signs in with XOAUTH2), never for a PASSWORD server (a
 * password is never a bearer token), whatever the order of the changes: the authentication and
 * the property in one update or in two, and back to PASSWORD.
 */

const box = new SecretBox({ id: 'unit', key: randomBytes(32) });
const XOAUTH2 = [{ key: 'mail.smtp.auth.mechanisms', value: 'XOAUTH2' }];
const CLIENT = { grant: 'CLIENT_CREDENTIALS', tokenUrl: 'https://login.example.com/token', clientId: 'client-1', clientSecret: 'secret-1' } as const;

function row(overrides: Partial<StoredMailSession> = {}): StoredMailSession {
  return storedMailSession({
    version: 3,
    outgoingHost: 'smtp.example.com',
    outgoingPort: 587,
    outgoingSecurity: 'STARTTLS',
    outgoingUser: 'mailer@example.com',
    defaultSenderAddress: 'portal@example.com',
    updatedBy: 'test',
    ...overrides,
  });
}

/** A stored OAUTH2 outgoing server (its client secret encrypted as planUpdate stores it). */
function oauth2Row(overrides: Partial<StoredMailSession> = {}): StoredMailSession {
  const planned = planUpdate({ outgoing: { authentication: 'OAUTH2', oauth2: CLIENT } }, row(), box);
  if (!planned) throw new Error('nothing planned');
  return row({ ...(planned.data as Partial<StoredMailSession>), ...overrides });
}

const plan = (input: Record<string, unknown>, current: StoredMailSession) => planUpdate(input, current, box);

describe('mail.smtp.auth.mechanisms=XOAUTH2 and the outgoing authentication', () => {
  it('the parser accepts XOAUTH2 for an OAUTH2 server (no password mechanism named then), refuses it for PASSWORD', () => {
    const oauth2 = { outgoingAuthentication: 'OAUTH2' } as const;
    expect(parseMailProperties(property('mail.smtp.auth.mechanisms', 'XOAUTH2'), undefined, oauth2).smtp).toEqual({});
    expect(parseMailProperties(property('mail.smtp.auth.mechanisms', 'xoauth2 PLAIN'), undefined, oauth2).smtp).toEqual({ authMethod: 'PLAIN' });
    expect(() => parseMailProperties(property('mail.smtp.auth.mechanisms', 'XOAUTH2 DIGEST-MD5'), undefined, oauth2)).toThrow(
      'mail.smtp.auth.mechanisms must list mechanisms from PLAIN, LOGIN, CRAM-MD5, XOAUTH2, separated by spaces',
    );
    expect(() => parseMailProperties(property('mail.smtp.auth.mechanisms', 'XOAUTH2'), undefined, { outgoingAuthentication: 'PASSWORD' })).toThrow(
      /lists XOAUTH2, which is not a password mechanism/,
    );
    // The default is the strict reading.
    expect(() => parseMailProperties(property('mail.smtp.auth.mechanisms', 'XOAUTH2'))).toThrow(/lists XOAUTH2/);
  });

  it('an input on its own (the edge) refuses XOAUTH2 only when it sets PASSWORD; without an authentication the update rules judge it', () => {
    expect(updateInputProblems({ additionalProperties: XOAUTH2 })).toEqual([]);
    expect(updateInputProblems({ additionalProperties: XOAUTH2, outgoing: { authentication: 'OAUTH2' } })).toEqual([]);
    for (const authentication of ['PASSWORD', null]) {
      const [problem] = updateInputProblems({ additionalProperties: XOAUTH2, outgoing: { authentication } } as UpdateMailSessionInput);
      expect(problem?.message).toMatch(/lists XOAUTH2/);
    }
  });

  it('one update: OAUTH2 and XOAUTH2 together are accepted', () => {
    const planned = plan({ outgoing: { authentication: 'OAUTH2', oauth2: CLIENT }, additionalProperties: XOAUTH2 }, row());
    expect(planned?.changedFields).toEqual(expect.arrayContaining(['outgoing.authentication', 'additionalProperties']));
  });

  it('two updates: XOAUTH2 added to a stored OAUTH2 server is accepted', () => {
    expect(plan({ additionalProperties: XOAUTH2 }, oauth2Row())?.changedFields).toEqual(['additionalProperties']);
  });

  it('a PASSWORD server: XOAUTH2 is refused at the value', () => {
    const error = badUserInputOf(() => plan({ additionalProperties: XOAUTH2 }, row()));
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
    expect(error.message).toMatch(/lists XOAUTH2, which is not a password mechanism/);
  });

  it('back to PASSWORD in the same update as a list with XOAUTH2: refused at the value', () => {
    const error = badUserInputOf(() =>
      plan({ outgoing: { authentication: 'PASSWORD', password: 'pw-1' }, additionalProperties: XOAUTH2 }, oauth2Row({ additionalProperties: XOAUTH2 })),
    );
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'value']);
  });

  it('back to PASSWORD while the stored list has XOAUTH2: refused at outgoing.authentication, until the list changes in the same update', () => {
    const stored = oauth2Row({ additionalProperties: XOAUTH2 });
    const error = badUserInputOf(() => plan({ outgoing: { authentication: 'PASSWORD', password: 'pw-1' } }, stored));
    expect(error.extensions.field).toEqual(['outgoing', 'authentication']);
    expect(error.message).toMatch(
      /^outgoing\.authentication PASSWORD does not go with the stored additional properties: mail\.smtp\.auth\.mechanisms lists XOAUTH2/,
    );
    const planned = plan(
      { outgoing: { authentication: 'PASSWORD', password: 'pw-1' }, additionalProperties: [{ key: 'mail.smtp.auth.mechanisms', value: 'PLAIN' }] },
      stored,
    );
    expect(planned?.changedFields).toEqual(expect.arrayContaining(['outgoing.authentication', 'additionalProperties']));
  });
});
