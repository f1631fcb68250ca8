// Baseline: an Apollo Server "hello" query on the same HTTP integration as the service.
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify from 'fastify';

async function main(): Promise<void> {
  const http = Fastify();
  const apollo = new ApolloServer({
    typeDefs: 'type Query { hello: String! }',
    resolvers: { Query: { hello: () => 'world' } },
    plugins: [fastifyApolloDrainPlugin(http)],
  });
  await apollo.start();
  await http.register(fastifyApollo(apollo));
  http.get('/healthz', async () => ({ status: 'ok' }));
  await http.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
  process.on('SIGTERM', () => void http.close().then(() => process.exit(0)));
}
void main();
