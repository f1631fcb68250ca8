import { ApolloServer } from '@apollo/server';
import { buildSchema as buildSchemaFromSdl } from 'graphql';
import pino from 'pino';
import type { RequestContext } from '../../src/platform/graphql/context';
import { snapshotAnswerCache } from '../../src/platform/graphql/snapshot-answer-cache';

/** A server whose `settings` field counts its executions, with the answer cache in front. */
async function serverWithCache(maxBytes: number) {
  const state = { snapshot: {}, executions: 0 };
  const schema = buildSchemaFromSdl('type Query { settings(pad: String): String }');
  const server = new ApolloServer<RequestContext>({
    schema,
    rootValue: {
      settings: () => {
        state.executions++;
        return 'x'.repeat(100);
      },
    },
    plugins: [snapshotAnswerCache({ rootFields: new Set(['settings']), snapshot: () => state.snapshot, maxBytes })],
  });
  await server.start();
  const contextValue: RequestContext = { requestId: 'test', caller: { name: 'victor', roles: ['viewer'] }, log: pino({ level: 'silent' }) };
  const read = async (variables: Record<string, unknown>) => {
    const response = await server.executeOperation({ query: 'query Read($pad: String) { settings(pad: $pad) }', variables }, { contextValue });
    if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`the read failed: ${JSON.stringify(response.body)}`);
  };
  return { server, state, read };
}

const PAD = 'p'.repeat(10_000);

describe('snapshotAnswerCache', () => {
  it('serves a repeated read from its kept answer', async () => {
    const { server, state, read } = await serverWithCache(2 ** 20);
    for (let i = 0; i < 5; i++) await read({ pad: PAD });
    // Parsed on the first request, executed and kept on the second, served from then on.
    expect(state.executions).toBe(2);
    await server.stop();
  });

  it('keeps no more answers than its byte budget holds, declared variables included', async () => {
    // Room for one answer keyed by a 10 000-character variable, not for two.
    const { server, state, read } = await serverWithCache(30_000);
    await read({ pad: `a${PAD}` });
    const before = state.executions;
    for (let i = 0; i < 3; i++) {
      await read({ pad: `a${PAD}` });
      await read({ pad: `b${PAD}` });
    }
    // Each answer pushes the other out: every read executes.
    expect(state.executions - before).toBe(6);
    await server.stop();
  });

  it('never keeps an answer larger than the whole budget', async () => {
    const { server, state, read } = await serverWithCache(10_000);
    for (let i = 0; i < 4; i++) await read({ pad: PAD });
    expect(state.executions).toBe(4);
    await server.stop();
  });
});
