import { type GraphQLField, type GraphQLNamedType, type GraphQLSchema, getNamedType, isAbstractType, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildGraphQLSchema, type SchemaServices } from '../../src/platform/graphql/schema';

/**
 * The answer cache (src/graphql/snapshot-answer-cache.ts) serves `mailSession` from a kept answer
 * while the in-memory snapshot is unchanged. That is right only while every field under it reads a
 * property of the snapshot: a field with a resolver of its own (which may read elsewhere) or an
 * auth rule of its own (which may depend on more than the caller's role) would be answered stale
 * or to the wrong caller. These tests walk the built schema and fail when such a field appears.
 */

/** The resolvers are built but never called: the services are only captured. */
const UNUSED_SERVICES = { mailSession: {}, mailSessionHistory: {}, mailSessionProperties: {}, mailCheck: {} } as unknown as SchemaServices;

/** Every object type reachable from `field`'s type, through fields, interfaces and unions. */
function typesUnder(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): GraphQLNamedType[] {
  const seen = new Map<string, GraphQLNamedType>();
  const visit = (type: GraphQLNamedType): void => {
    if (seen.has(type.name)) return;
    seen.set(type.name, type);
    if (isAbstractType(type)) for (const possible of schema.getPossibleTypes(type)) visit(possible);
    if (isObjectType(type)) for (const child of Object.values(type.getFields())) visit(getNamedType(child.type));
  };
  visit(getNamedType(field.type));
  return [...seen.values()];
}

/** What makes `typeName.fieldName` more than a read of its parent's property, per type-graphql's metadata. */
function ownBehaviour(typeName: string, fieldName: string): string[] {
  const storage = getMetadataStorage();
  const objectType = storage.objectTypes.find((type) => type.name === typeName);
  if (!objectType) return [`${typeName} is not a type-graphql object type: its resolvers are unknown`];
  // Its class, the classes it extends and the interfaces it implements: the schema takes fields from all.
  const targets = new Set<unknown>(objectType.interfaceClasses ?? []);
  for (let target: unknown = objectType.target; typeof target === 'function' && target !== Function.prototype; target = Object.getPrototypeOf(target)) {
    targets.add(target);
  }
  const field = storage.fields.find((candidate) => targets.has(candidate.target) && candidate.schemaName === fieldName);
  const found: string[] = [];
  if (!field) found.push(`${typeName}.${fieldName} has no @Field metadata`);
  if (field?.roles !== undefined) found.push(`${typeName}.${fieldName} has @Authorized(${field.roles.join(', ')})`);
  if (field?.middlewares?.length) found.push(`${typeName}.${fieldName} has @UseMiddleware`);
  const resolver = storage.fieldResolvers.find((candidate) => targets.has(candidate.getObjectType?.()) && candidate.schemaName === fieldName);
  if (resolver) found.push(`${typeName}.${fieldName} has a @FieldResolver (${resolver.methodName})`);
  return found;
}

describe('the fields under mailSession, which the answer cache serves from a snapshot', () => {
  let schema: GraphQLSchema;
  let root: GraphQLField<unknown, unknown>;

  beforeAll(async () => {
    schema = await buildGraphQLSchema(UNUSED_SERVICES);
    const field = schema.getQueryType()?.getFields().mailSession;
    if (!field) throw new Error('the schema has no Query.mailSession');
    root = field;
  });

  it('reach the types the settings are made of', () => {
    const names = typesUnder(schema, root).map((type) => type.name);
    expect(names).toEqual(expect.arrayContaining(['MailSession', 'OutgoingServer', 'IncomingServer', 'MailProperty', 'DefaultSender']));
  });

  it('have no resolver and no auth rule of their own', () => {
    const found = typesUnder(schema, root)
      .filter(isObjectType)
      .flatMap((type) => Object.keys(type.getFields()).flatMap((name) => ownBehaviour(type.name, name)));
    expect(found).toEqual([]);
  });

  it('each answer their parent object property of the same name, at once', () => {
    const found: string[] = [];
    for (const type of typesUnder(schema, root).filter(isObjectType)) {
      for (const [name, field] of Object.entries(type.getFields())) {
        if (!field.resolve) continue;
        const marker = Symbol(name);
        // No caller and no info: a resolver that needs either (an auth check, a service) throws or
        // answers later, through a promise.
        let answer: unknown;
        try {
          answer = field.resolve({ [name]: marker }, {}, {}, undefined as never);
        } catch (error) {
          answer = error;
        }
        if (answer instanceof Promise) answer.catch(() => undefined);
        if (answer !== marker) found.push(`${type.name}.${name}`);
      }
    }
    expect(found).toEqual([]);
  });
});
