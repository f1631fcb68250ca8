import { randomBytes } from 'node:crypto';
import { ConflictError } from '../../src/platform/errors/domain-errors';
import type { UpdateMailSessionInput } from '../../src/mail-settings/mail-session.input';
import type { StoredMailSession } from '../../src/mail-settings/mail-session.row';
import { credentialChanges, planUpdate } from '../../src/mail-settings/mail-session.update';
import { SecretBox } from '../../src/platform/secrets/secret-box';
import { storedMailSession } from '../support/stored-mail-session';
import { badUserInputOf } from './support';

/* What an update changes, field by field, and the rules that span fields (no database needed). */

const box = new SecretBox({ id: 'unit', key: randomBytes(32) });

function row(overrides: Partial<StoredMailSession> = {}): StoredMailSession {
  return storedMailSession({
    version: 7,
    incomingHost: 'pop.example.com',
    incomingPort: 995,
    incomingSecurity: 'TLS',
    incomingUser: 'reader',
    outgoingHost: 'smtp.example.com',
    outgoingPort: 465,
    outgoingSecurity: 'TLS',
    outgoingUser: 'mailer',
    additionalProperties: [{ key: 'mail.smtp.timeout', value: '1000' }],
    defaultSenderName: 'Portal',
    defaultSenderAddress: 'portal@example.com',
    updatedBy: 'test',
    ...overrides,
  });
}

function plan(input: UpdateMailSessionInput, current: StoredMailSession = row()) {
  return planUpdate(input, current, box);
}

describe('planUpdate', () => {
  it('plans nothing when the input repeats the stored values', () => {
    expect(
      plan({
        incoming: { host: ' pop.example.com ', port: 995, security: 'TLS', user: 'reader', protocol: 'POP3', deleteAfterFetch: true },
        outgoing: { host: 'smtp.example.com', port: 465, security: 'TLS', user: 'mailer' },
        additionalProperties: [{ key: ' mail.smtp.timeout ', value: ' 1000 ' }],
        defaultSender: { name: 'Portal', address: 'portal@example.com' },
      }),
    ).toBeNull();
    expect(plan({})).toBeNull();
  });

  it('writes each changed field under its column and lists it by input path, in order', () => {
    const planned = plan({
      incoming: { protocol: 'IMAP', deleteAfterFetch: false },
      outgoing: { host: ' relay.example.com ' },
      defaultSender: { name: 'Shop', address: 'shop@example.com' },
    });
    expect(planned).toEqual({
      data: {
        incomingProtocol: 'IMAP',
        incomingDeleteAfterFetch: false,
        outgoingHost: 'relay.example.com',
        defaultSenderName: 'Shop',
        defaultSenderAddress: 'shop@example.com',
      },
      changedFields: ['incoming.protocol', 'incoming.deleteAfterFetch', 'outgoing.host', 'defaultSender.name', 'defaultSender.address'],
    });
  });

  it('writes port, security and user of each server', () => {
    const planned = plan({ incoming: { port: 110, security: 'STARTTLS', user: 'other' }, outgoing: { port: 587, security: 'STARTTLS', user: null } });
    expect(planned?.data).toEqual({
      incomingPort: 110,
      incomingSecurity: 'STARTTLS',
      incomingUser: 'other',
      outgoingPort: 587,
      outgoingSecurity: 'STARTTLS',
      outgoingUser: null,
    });
    expect(planned?.changedFields).toEqual(['incoming.port', 'incoming.security', 'incoming.user', 'outgoing.port', 'outgoing.security', 'outgoing.user']);
  });

  it('stores the additional properties trimmed, and only when they differ', () => {
    const planned = plan({ additionalProperties: [{ key: ' mail.smtp.timeout ', value: ' 2000 ' }] });
    expect(planned).toEqual({ data: { additionalProperties: [{ key: 'mail.smtp.timeout', value: '2000' }] }, changedFields: ['additionalProperties'] });
    expect(plan({ additionalProperties: null })).toEqual({ data: { additionalProperties: [] }, changedFields: ['additionalProperties'] });
  });

  it('refuses invalid additional properties', () => {
    expect(badUserInputOf(() => plan({ additionalProperties: [{ key: 'mail.smtp.timeout', value: 'soon' }] })).extensions.field).toEqual([
      'additionalProperties',
      0,
      'value',
    ]);
  });

  it('refuses a stale expected version with CONFLICT, and accepts the current one or none', () => {
    expect(() => plan({ expectedVersion: 6 })).toThrow(ConflictError);
    try {
      plan({ expectedVersion: 6 });
    } catch (error) {
      expect((error as ConflictError).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 7, expectedVersion: 6 });
      expect((error as ConflictError).message).toBe('the settings are at version 7, not 6: reload them and apply your change again');
    }
    expect(plan({ expectedVersion: 7 })).toBeNull();
    expect(plan({ expectedVersion: null })).toBeNull();
  });

  it.each([[{ incoming: null }], [{ outgoing: null }], [{ defaultSender: null }]] as [UpdateMailSessionInput][])(
    'takes a null server or default sender as left out: %j changes nothing',
    (input) => {
      expect(plan(input)).toBeNull();
    },
  );

  it('resets a null security to NONE and a null port to the default of the protocol and security in force', () => {
    expect(plan({ outgoing: { security: null, port: null }, incoming: { security: null, port: null } })?.data).toEqual({
      outgoingSecurity: 'NONE',
      outgoingPort: 25,
      incomingSecurity: 'NONE',
      incomingPort: 110,
    });
    // The security kept (TLS) decides the port: SMTPS 465 is already stored, POP3S 995 too.
    expect(plan({ outgoing: { port: null }, incoming: { port: null } })).toBeNull();
    expect(plan({ outgoing: { port: null } }, row({ outgoingPort: 2525 }))?.data).toEqual({ outgoingPort: 465 });
    expect(plan({ outgoing: { port: null, security: 'STARTTLS' } })?.data).toEqual({ outgoingPort: 25, outgoingSecurity: 'STARTTLS' });
    // The protocol the change leaves in force decides the incoming port.
    expect(plan({ incoming: { protocol: 'IMAP', port: null } })?.data).toEqual({ incomingPort: 993, incomingProtocol: 'IMAP' });
    expect(plan({ incoming: { port: null, security: 'STARTTLS' } }, row({ incomingProtocol: 'IMAP' }))?.data).toEqual({
      incomingPort: 143,
      incomingSecurity: 'STARTTLS',
    });
  });

  it('resets a null protocol to POP3 and a null deleteAfterFetch to true', () => {
    expect(plan({ incoming: { protocol: null, deleteAfterFetch: null } }, row({ incomingProtocol: 'IMAP', incomingDeleteAfterFetch: false }))?.data).toEqual({
      incomingProtocol: 'POP3',
      incomingDeleteAfterFetch: true,
    });
    expect(plan({ incoming: { protocol: null, port: null } }, row({ incomingProtocol: 'IMAP', incomingPort: 993 }))?.data).toEqual({
      incomingProtocol: 'POP3',
      incomingPort: 995,
    });
  });

  it('counts a port or security reset by null as moving the stored password', () => {
    const stored = row({ outgoingPassword: box.encrypt('x', 'outgoing.password') });
    const error = badUserInputOf(() => plan({ outgoing: { security: null } }, stored));
    expect(error.extensions).toMatchObject({ changedFields: ['outgoing.security'] });
    expect(credentialChanges('outgoing', { outgoing: { port: null } }, row({ outgoingPort: 2525 }))).toEqual(['outgoing.port']);
    expect(credentialChanges('incoming', { incoming: { protocol: null } }, row({ incomingProtocol: 'IMAP' }))).toEqual(['incoming.protocol']);
  });

  it('encrypts a new password for its side and lists it', () => {
    const planned = plan({ outgoing: { password: 'new secret' } });
    expect(planned?.changedFields).toEqual(['outgoing.password']);
    expect(box.decrypt(String(planned?.data.outgoingPassword), 'outgoing.password')).toBe('new secret');
    const incoming = plan({ incoming: { password: 'in secret' } });
    expect(box.decrypt(String(incoming?.data.incomingPassword), 'incoming.password')).toBe('in secret');
  });

  it('clears a stored password, and plans nothing when there is none to clear', () => {
    const stored = row({ incomingPassword: box.encrypt('x', 'incoming.password') });
    expect(plan({ incoming: { clearPassword: true } }, stored)).toEqual({ data: { incomingPassword: null }, changedFields: ['incoming.password'] });
    expect(plan({ incoming: { clearPassword: true } })).toBeNull();
    expect(plan({ incoming: { clearPassword: false } }, stored)).toBeNull();
  });

  it('keeps the stored password on a null password, and refuses a password given with clearPassword', () => {
    const stored = row({ outgoingPassword: box.encrypt('x', 'outgoing.password') });
    expect(plan({ outgoing: { password: null } }, stored)).toBeNull();
    expect(badUserInputOf(() => plan({ outgoing: { password: null, host: 'other.example.com' } }, stored)).extensions.field).toEqual(['outgoing', 'password']);
    const both = badUserInputOf(() => plan({ outgoing: { password: 'x', clearPassword: true } }));
    expect(both.extensions.field).toEqual(['outgoing', 'clearPassword']);
    expect(both.message).toBe('give either outgoing.password or outgoing.clearPassword, not both');
  });

  it('refuses moving a stored password to another host unless it is given again or cleared', () => {
    const stored = row({ outgoingPassword: box.encrypt('x', 'outgoing.password') });
    const error = badUserInputOf(() => plan({ outgoing: { host: 'evil.example.com', port: 25 } }, stored));
    expect(error.extensions).toMatchObject({ field: ['outgoing', 'password'], changedFields: ['outgoing.host', 'outgoing.port'] });
    expect(error.message).toBe(
      'changing outgoing.host, outgoing.port requires outgoing.password to be given again (or outgoing.clearPassword: true): it decides where or how the stored password is sent',
    );
    expect(plan({ outgoing: { host: 'relay.example.com', password: 'y' } }, stored)?.changedFields).toEqual(['outgoing.host', 'outgoing.password']);
    expect(plan({ outgoing: { host: 'relay.example.com', clearPassword: true } }, stored)?.data).toEqual({
      outgoingHost: 'relay.example.com',
      outgoingPassword: null,
    });
    // Without a stored password there is nothing to move.
    expect(plan({ outgoing: { host: 'relay.example.com' } })?.changedFields).toEqual(['outgoing.host']);
  });
});

describe('planUpdate of the default sender', () => {
  it('changes only the part of the default sender that is given', () => {
    expect(plan({ defaultSender: { address: 'noreply@example.com' } })).toEqual({
      data: { defaultSenderAddress: 'noreply@example.com' },
      changedFields: ['defaultSender.address'],
    });
    expect(plan({ defaultSender: { name: 'Intranet' } })).toEqual({ data: { defaultSenderName: 'Intranet' }, changedFields: ['defaultSender.name'] });
  });
});

describe('credentialChanges', () => {
  it('counts clearing the host as a change of the host', () => {
    expect(credentialChanges('outgoing', { outgoing: { host: null } }, row())).toEqual(['outgoing.host']);
  });

  it('leaves the guarded properties out when the input leaves the properties out', () => {
    const current = row({ additionalProperties: [{ key: 'mail.smtp.ssl.trust', value: 'a.example.com' }] });
    expect(credentialChanges('outgoing', { outgoing: { port: 465 } }, current)).toEqual([]);
  });

  it('lists changed host, port, security and user of the side, and the incoming protocol', () => {
    expect(credentialChanges('incoming', { incoming: { host: 'x.example.com', port: 110, security: 'NONE', user: 'u', protocol: 'IMAP' } }, row())).toEqual([
      'incoming.host',
      'incoming.port',
      'incoming.security',
      'incoming.user',
      'incoming.protocol',
    ]);
    expect(credentialChanges('outgoing', { incoming: { protocol: 'IMAP' }, outgoing: { user: 'mailer' } }, row())).toEqual([]);
  });

  it('ignores unchanged values, a trimmed equal host and left-out fields', () => {
    expect(credentialChanges('incoming', { incoming: { host: ' pop.example.com ', port: 995, protocol: 'POP3', deleteAfterFetch: false } }, row())).toEqual([]);
  });

  it('lists guarded properties of the side that are added, removed or changed, and no other property', () => {
    const current = row({
      additionalProperties: [
        { key: 'mail.smtp.ssl.trust', value: 'a.example.com' },
        { key: 'mail.pop3.ssl.trust', value: 'b.example.com' },
      ],
    });
    const input: UpdateMailSessionInput = {
      additionalProperties: [
        { key: 'mail.smtp.ssl.checkserveridentity', value: 'false' },
        { key: ' mail.pop3.ssl.trust ', value: ' b.example.com ' },
        { key: 'mail.smtp.timeout', value: '5' },
      ],
    };
    expect(credentialChanges('outgoing', input, current)).toEqual(['mail.smtp.ssl.trust', 'mail.smtp.ssl.checkserveridentity']);
    expect(credentialChanges('incoming', input, current)).toEqual([]);
  });
});
