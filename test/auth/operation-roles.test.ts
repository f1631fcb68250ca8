import { getMetadataStorage } from 'type-graphql';
import type { Role } from '../../src/config/auth-settings';
import { ADMIN_TOKEN, RECEIVER_TOKEN, SENDER_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';
import { TableQueue } from '../outbound/support';
import { subscribe, wsClient } from '../subscriptions/subscription-clients';
import { waitUntil } from '../support/wait-until';

const NO_MESSAGE = Buffer.from('OutboundMessage:00000000-0000-4000-8000-000000000000').toString('base64url');
const NO_INBOUND_MESSAGE = Buffer.from('InboundMessage:00000000-0000-4000-8000-000000000000').toString('base64url');
const MAIL_SESSION_ID = Buffer.from('MailSession:1').toString('base64url');
const UNKNOWN_TYPE_ID = Buffer.from('Nothing:1').toString('base64url');

/**
 * Every operation of the schema, the roles that may call it (admin may call everything), and a
 * harmless call of it. A new operation without a row here fails the first test.
 */
const OPERATIONS: Record<string, { roles: Role[]; document: string }> = {
  'Query.mailSession': { roles: ['viewer'], document: 'query { mailSession { version } }' },
  'Query.mailSessionHistory': { roles: ['viewer'], document: 'query { mailSessionHistory(first: 1) { totalCount } }' },
  'Query.mailSessionProperties': { roles: ['viewer'], document: 'query { mailSessionProperties }' },
  // Any role; what each may read is decided by the type of the id (see below).
  'Query.node': { roles: ['admin', 'viewer', 'sender', 'receiver'], document: `query { node(id: "${UNKNOWN_TYPE_ID}") { id } }` },
  // Any role: every caller may learn what it may do.
  'Query.viewer': { roles: ['admin', 'viewer', 'sender', 'receiver'], document: 'query { viewer { roles } }' },
  'Query.outboundMessage': { roles: ['sender'], document: `query { outboundMessage(id: "${NO_MESSAGE}") { id } }` },
  'Query.outboundMessages': { roles: ['sender'], document: 'query { outboundMessages(first: 1) { totalCount } }' },
  'Mutation.updateMailSession': {
    roles: ['admin'],
    document: 'mutation { updateMailSession(input: { defaultSender: { name: "Roles" } }) { mailSession { version } } }',
  },
  'Mutation.restoreMailSession': { roles: ['admin'], document: 'mutation { restoreMailSession(input: { version: 99999 }) { revision { version } } }' },
  'Mutation.importMailSessionProperties': {
    roles: ['admin'],
    document: 'mutation { importMailSessionProperties(input: { text: "mail.session.mail.smtp.port=2525" }) { mailSession { version } } }',
  },
  'Mutation.testMailSession': { roles: ['admin'], document: 'mutation { testMailSession { ok } }' },
  'Mutation.sendTestEmail': { roles: ['admin'], document: 'mutation { sendTestEmail(input: { to: "roles@example.com" }) { messageId } }' },
  'Mutation.sendEmail': {
    roles: ['sender'],
    document: 'mutation { sendEmail(input: { to: ["roles@example.com"], subject: "Roles", text: "Roles" }) { duplicate } }',
  },
  'Mutation.retryOutboundMessage': { roles: ['admin'], document: `mutation { retryOutboundMessage(input: { id: "${NO_MESSAGE}" }) { message { id } } }` },
  'Mutation.cancelOutboundMessage': { roles: ['admin'], document: `mutation { cancelOutboundMessage(input: { id: "${NO_MESSAGE}" }) { message { id } } }` },
  'Query.inboundMessage': { roles: ['receiver'], document: `query { inboundMessage(id: "${NO_INBOUND_MESSAGE}") { id } }` },
  'Query.inboundMessages': { roles: ['receiver'], document: 'query { inboundMessages(first: 1) { totalCount } }' },
  'Mutation.acknowledgeInboundMessage': {
    roles: ['receiver'],
    document: `mutation { acknowledgeInboundMessage(input: { id: "${NO_INBOUND_MESSAGE}" }) { acknowledgedNow } }`,
  },
  // Called over WebSocket, as subscriptions are (see the tests of their own below, and test/inbound).
  'Subscription.inboundMessageReceived': { roles: ['receiver'], document: 'subscription { inboundMessageReceived { id } }' },
  'Subscription.mailSessionChanged': { roles: ['viewer'], document: 'subscription { mailSessionChanged { version } }' },
};

const TOKENS: Record<Role, string> = { admin: ADMIN_TOKEN, viewer: VIEWER_TOKEN, sender: SENDER_TOKEN, receiver: RECEIVER_TOKEN };

/** The roles `@Authorized` declares on the resolver method behind a root field (every build of the schema alike). */
function declaredRoles(rootType: string, field: string): string[][] {
  const storage = getMetadataStorage();
  const handlers = rootType === 'Query' ? storage.queries : rootType === 'Mutation' ? storage.mutations : storage.subscriptions;
  return handlers
    .filter((handler) => handler.schemaName === field)
    .map((handler) => {
      const authorized = storage.authorizedFields.find((entry) => entry.target === handler.target && entry.fieldName === handler.methodName);
      return authorized ? [...(authorized.roles as string[])].sort() : ['<no @Authorized>'];
    });
}

describe('roles of every operation', () => {
  const queue = new TableQueue();
  const t = useTestApp({ outboundQueue: queue });
  beforeAll(() => TableQueue.createTable(t.db));

  it('lists every root field of the schema here, each with the roles its @Authorized declares (never none)', async () => {
    const introspection = await t.gql<{ __schema: Record<'queryType' | 'mutationType' | 'subscriptionType', { name: string; fields: { name: string }[] }> }>(
      '{ __schema { queryType { name fields { name } } mutationType { name fields { name } } subscriptionType { name fields { name } } } }',
      {},
      VIEWER_TOKEN,
    );
    const schema = introspection.data?.__schema;
    const operations = [schema?.queryType, schema?.mutationType, schema?.subscriptionType].flatMap(
      (type) => type?.fields.map((field) => `${type.name}.${field.name}`) ?? [],
    );
    expect(operations.sort()).toEqual(Object.keys(OPERATIONS).sort());
    for (const operation of operations) {
      const [rootType = '', field = ''] = operation.split('.');
      const declared = declaredRoles(rootType, field);
      expect({ operation, declared: declared.length > 0 }).toEqual({ operation, declared: true });
      for (const roles of declared) {
        expect({ operation, roles }).toEqual({ operation, roles: expect.arrayContaining(OPERATIONS[operation]?.roles ?? ['<missing>']) as string[] });
        expect({ operation, roles }).toEqual({ operation, roles: [...(OPERATIONS[operation]?.roles ?? [])].sort() });
      }
    }
  });

  const cases = Object.entries(OPERATIONS)
    .filter(([operation]) => !operation.startsWith('Subscription.'))
    .flatMap(([operation, { roles, document }]) =>
      (['admin', 'viewer', 'sender', 'receiver'] as const).map((caller) => ({
        operation,
        caller,
        document,
        allowed: caller === 'admin' || roles.includes(caller),
      })),
    );

  it.each(cases)('$operation: a $caller token is allowed: $allowed', async ({ caller, document, allowed }) => {
    const result = await t.gql(document, {}, TOKENS[caller]);
    const code = result.errors?.[0]?.extensions?.code;
    if (allowed) expect(code === 'FORBIDDEN' || code === 'UNAUTHENTICATED').toBe(false);
    else {
      expect(code).toBe('FORBIDDEN');
      // A nullable root field answers null beside the error; nothing else is answered.
      expect(Object.values(result.data ?? {}).every((value) => value === null)).toBe(true);
    }
  });

  it.each(Object.keys(OPERATIONS))('%s: refused without a token (UNAUTHENTICATED)', async (operation) => {
    const result = await t.gql(OPERATIONS[operation]?.document ?? '', {}, null);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each(['admin', 'viewer', 'sender', 'receiver'] as const)(
    'Subscription.mailSessionChanged over WebSocket: a %s token gets events only if allowed',
    async (caller) => {
      const allowed = caller === 'admin' || OPERATIONS['Subscription.mailSessionChanged']?.roles.includes(caller);
      const client = wsClient(t.url, TOKENS[caller]);
      const { events, dispose } = subscribe<{ mailSessionChanged: { version: number } }>(client, 'subscription { mailSessionChanged { version } }');
      try {
        if (allowed) await waitUntil('the subscription is in place', () => t.app.mailSessionChanges.subscribers === 1);
        const update = await t.gql<{ updateMailSession: { mailSession: { version: number } } }>(
          `mutation { updateMailSession(input: { defaultSender: { name: "ws ${caller}" } }) { mailSession { version } } }`,
          {},
          ADMIN_TOKEN,
        );
        const event = await events.next();
        if (allowed) expect(event.data).toEqual({ mailSessionChanged: { version: update.data?.updateMailSession.mailSession.version } });
        else {
          expect(event.data ?? null).toBeNull();
          expect(event.errors?.[0]?.extensions?.code ?? event.errors?.[0]?.message).toMatch(/FORBIDDEN|needs the viewer/);
        }
      } finally {
        dispose();
        await client.dispose();
        await waitUntil('the subscription is gone', () => t.app.mailSessionChanges.subscribers === 0);
      }
    },
  );

  it('lets node read only the types a role may read: a sender gets FORBIDDEN for the settings, a viewer for outbound mail', async () => {
    const node = (id: string, token: string) => t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, token);
    expect((await node(MAIL_SESSION_ID, SENDER_TOKEN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await node(MAIL_SESSION_ID, RECEIVER_TOKEN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await node(MAIL_SESSION_ID, VIEWER_TOKEN)).data).toEqual({ node: { id: MAIL_SESSION_ID } });
    expect((await node(NO_MESSAGE, VIEWER_TOKEN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await node(NO_MESSAGE, SENDER_TOKEN)).data).toEqual({ node: null });
  });
});
