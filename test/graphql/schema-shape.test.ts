import {
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
} from 'graphql';
import { SETTINGS_WARNING_CODES } from '../../src/mail-settings/config-warning.codes';
import { SMTP_AUTH_MECHANISMS } from '../../src/javamail/mail-properties.values';
import { buildGraphQLSchema, type SchemaServices } from '../../src/platform/graphql/schema';

/*
 * The shape of the operations on the settings, their tests and their e-mails (issue 14, "one
 * shape for every operation"), read from the built schema: one `input` and an own payload per
 * mutation, enums for closed sets, the scalars that say what a value is, and a description on
 * everything a client can see.
 */

/** The resolvers are built but never called. */
const UNUSED_SERVICES = { mailSession: {}, mailSessionHistory: {}, mailSessionProperties: {}, mailCheck: {} } as unknown as SchemaServices;

const QUERIES = ['mailSession', 'mailSessionProperties'];
const MUTATIONS = ['updateMailSession', 'importMailSessionProperties', 'testMailSession', 'sendTestEmail'];

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildGraphQLSchema(UNUSED_SERVICES);
});

function rootField(root: 'Query' | 'Mutation', name: string): GraphQLField<unknown, unknown> {
  const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
  const field = type?.getFields()[name];
  if (!field) throw new Error(`${root}.${name} is missing`);
  return field;
}

/** Every named type an operation's arguments and answer reach, built-in scalars left out. */
function typesReached(fields: readonly GraphQLField<unknown, unknown>[]): GraphQLNamedType[] {
  const seen = new Map<string, GraphQLNamedType>();
  const visit = (type: GraphQLNamedType): void => {
    if (seen.has(type.name) || (isScalarType(type) && isSpecifiedScalarType(type))) return;
    seen.set(type.name, type);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        visit(getNamedType(field.type));
        for (const arg of field.args) visit(getNamedType(arg.type));
      }
    }
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
  };
  for (const field of fields) {
    visit(getNamedType(field.type));
    for (const arg of field.args) visit(getNamedType(arg.type));
  }
  return [...seen.values()];
}

/** Schema coordinates (Type, Type.field, Type.field(arg:), Enum.VALUE) without a description. */
function undescribed(types: readonly GraphQLNamedType[], roots: readonly [string, GraphQLField<unknown, unknown>][]): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  const checkField = (owner: string, field: GraphQLField<unknown, unknown>) => {
    check(`${owner}.${field.name}`, field.description);
    for (const arg of field.args) check(`${owner}.${field.name}(${arg.name}:)`, arg.description);
  };
  for (const [owner, root] of roots) checkField(owner, root);
  for (const type of types) {
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) for (const field of Object.values(type.getFields())) checkField(type.name, field);
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
  }
  return missing;
}

describe('the schema of the settings, their tests and test e-mails', () => {
  it('gives every mutation one non-null input argument and a payload of its own', () => {
    for (const name of MUTATIONS) {
      const field = rootField('Mutation', name);
      const capitalized = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      expect({ name, args: field.args.map((arg) => `${arg.name}: ${String(arg.type)}`), type: String(field.type) }).toEqual({
        name,
        args: [`input: ${capitalized}Input!`],
        type: `${capitalized}Payload!`,
      });
    }
  });

  it('lets testMailSession be called without arguments: its input defaults to {}', () => {
    const [input] = rootField('Mutation', 'testMailSession').args;
    expect(input?.defaultValue).toEqual({});
    const fields = schema.getType('TestMailSessionInput');
    if (!isInputObjectType(fields)) throw new Error('TestMailSessionInput is not an input type');
    expect(Object.keys(fields.getFields()).sort()).toEqual(['recipient', 'settings']);
    expect(String(fields.getFields().settings?.type)).toBe('MailSessionCandidateInput');
    const candidate = schema.getType('MailSessionCandidateInput');
    if (!isInputObjectType(candidate)) throw new Error('MailSessionCandidateInput is not an input type');
    expect(Object.keys(candidate.getFields())).not.toContain('expectedVersion');
  });

  it('returns the changed settings from every payload that changes them', () => {
    for (const name of ['UpdateMailSessionPayload', 'ImportMailSessionPropertiesPayload']) {
      const payload = schema.getType(name);
      if (!isObjectType(payload)) throw new Error(`${name} is not an object type`);
      expect(String(payload.getFields().mailSession?.type)).toBe('MailSession!');
      expect(String(payload.getFields().warnings?.type)).toBe('[ConfigWarning!]!');
    }
  });

  it('types closed sets as enums, and warning fields as paths', () => {
    const typeOf = (type: string, field: string) => {
      const object = schema.getType(type);
      if (!isObjectType(object)) throw new Error(`${type} is not an object type`);
      return String(object.getFields()[field]?.type);
    };
    expect(typeOf('ConfigWarning', 'code')).toBe('ConfigWarningCode!');
    expect(typeOf('ConfigWarning', 'field')).toBe('[String!]!');
    expect(typeOf('ServerCheckReport', 'protocol')).toBe('MailServerProtocol!');
    expect(typeOf('ServerCheckReport', 'security')).toBe('ConnectionSecurity!');
    expect(typeOf('MailCheckStep', 'authMechanism')).toBe('MailAuthMechanism');
  });

  it('lists every warning code the service emits in ConfigWarningCode', () => {
    const codes = schema.getType('ConfigWarningCode');
    if (!isEnumType(codes)) throw new Error('ConfigWarningCode is not an enum');
    expect(
      codes
        .getValues()
        .map((value) => value.name)
        .sort(),
    ).toEqual([...SETTINGS_WARNING_CODES, 'IGNORED_PROPERTY'].sort());
  });

  it('maps every AUTH mechanism a probe reports onto a GraphQL name, CRAM-MD5 as CRAM_MD5 and USER/PASS as USER_PASS, and the OAuth 2.0 ones', () => {
    const mechanisms = schema.getType('MailAuthMechanism');
    if (!isEnumType(mechanisms)) throw new Error('MailAuthMechanism is not an enum');
    expect(
      mechanisms
        .getValues()
        .map((value) => value.value as string)
        .sort(),
    ).toEqual([...SMTP_AUTH_MECHANISMS, 'USER/PASS', 'XOAUTH2', 'OAUTHBEARER'].sort());
    expect(mechanisms.serialize('CRAM-MD5')).toBe('CRAM_MD5');
    expect(mechanisms.serialize('USER/PASS')).toBe('USER_PASS');
  });

  it('types every address as EmailAddress and every date as DateTime with @specifiedBy', () => {
    const coordinates: [string, string, string][] = [
      ['DefaultSender', 'address', 'EmailAddress'],
      ['DefaultSenderInput', 'address', 'EmailAddress'],
      ['SendTestEmailInput', 'to', 'EmailAddress!'],
      ['TestMailSessionInput', 'recipient', 'EmailAddress'],
      ['SendTestEmailPayload', 'accepted', '[EmailAddress!]!'],
      ['SendTestEmailPayload', 'rejected', '[EmailAddress!]!'],
      ['MailSession', 'updatedAt', 'DateTime!'],
      ['TransportStatus', 'changedAt', 'DateTime!'],
      ['CertificateInfo', 'validFrom', 'DateTime!'],
      ['CertificateInfo', 'validTo', 'DateTime!'],
    ];
    for (const [type, field, expected] of coordinates) {
      const owner = schema.getType(type);
      if (!isObjectType(owner) && !isInputObjectType(owner)) throw new Error(`${type} has no fields`);
      expect(`${type}.${field}: ${String(owner.getFields()[field]?.type)}`).toBe(`${type}.${field}: ${expected}`);
    }
    expect(schema.getType('DateTimeISO')).toBeUndefined();
    const dateTime = schema.getType('DateTime');
    if (!isScalarType(dateTime)) throw new Error('DateTime is not a scalar');
    expect(dateTime.specifiedByURL).toMatch(/^https:\/\//);
    expect(dateTime.serialize(new Date('2026-12-05T04:03:52.384Z'))).toBe('2026-12-05T04:03:52.384Z');
  });

  it('accepts null only where it has a meaning, and declares clearPassword Boolean! = false', () => {
    const input = schema.getType('OutgoingServerInput');
    if (!isInputObjectType(input)) throw new Error('OutgoingServerInput is not an input type');
    const clear = input.getFields().clearPassword;
    expect(clear && isNonNullType(clear.type)).toBe(true);
    expect(clear?.defaultValue).toBe(false);
    for (const type of ['IncomingServerInput', 'OutgoingServerInput']) {
      const server = schema.getType(type);
      if (!isInputObjectType(server)) throw new Error(`${type} is not an input type`);
      for (const field of Object.values(server.getFields())) {
        if (isNonNullType(field.type)) continue;
        // Every nullable field says what null does.
        expect(`${type}.${field.name}: ${field.description ?? ''}`).toMatch(/null/);
      }
    }
  });

  it('describes every type, field, argument and enum value the operations on the settings reach', () => {
    const roots: [string, GraphQLField<unknown, unknown>][] = [
      ...QUERIES.map((name): [string, GraphQLField<unknown, unknown>] => ['Query', rootField('Query', name)]),
      ...MUTATIONS.map((name): [string, GraphQLField<unknown, unknown>] => ['Mutation', rootField('Mutation', name)]),
    ];
    expect(undescribed(typesReached(roots.map(([, field]) => field)), roots)).toEqual([]);
  });
});
