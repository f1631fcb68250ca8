import { printSchema } from 'graphql';
import { buildGraphQLSchema, type SchemaServices } from './schema.js';

/**
 * The schema as clients see it, as graphql-js prints it: what `npm run schema` writes to
 * schema.graphql and what test/contract/schema-file.test.ts compares that file with. Building a
 * schema calls no resolver, so the services are stand-ins; a Proxy keeps this working when a
 * domain adds a service to SchemaServices.
 */
export async function printServiceSchema(): Promise<string> {
  const standIn = new Proxy({}, { get: () => ({}) }) as SchemaServices;
  return `${printSchema(await buildGraphQLSchema(standIn))}\n`;
}
