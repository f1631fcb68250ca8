import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from './context.js';

export interface SnapshotAnswerCacheOptions {
  /**
   * Root query fields whose whole answer is read from `snapshot()` and depends on the caller only
   * through its role (the fields' `@Authorized` check).
   */
  rootFields: ReadonlySet<string>;
  /** The in-memory state those fields read: a new object whenever any of it changes. */
  snapshot: () => object;
  /** Answers kept per operation: one per caller role and set of variables. */
  maxAnswersPerOperation?: number;
}

interface Answer {
  snapshot: object;
  data: Readonly<Record<string, unknown>>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

/**
 * The values of the variables the operation declares, as the key of its answers. Undeclared
 * variables, which graphql-js ignores, are left out: with them in the key, a client could make
 * every request a new answer to keep.
 */
function declaredValues(operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | undefined): string {
  let key = '';
  for (const definition of operation.variableDefinitions ?? []) {
    const value = variables?.[definition.variable.name.value];
    // Left out and null differ: a left-out variable takes its default.
    key += value === undefined ? '-' : JSON.stringify(value);
    key += ',';
  }
  return key;
}

/**
 * Answers a repeated read of in-memory state without executing it again: the data of an operation
 * that only selects `rootFields` is kept per (operation, caller role, declared variables) with the
 * snapshot object it was computed from, and served while `snapshot()` still returns that object.
 * A change makes a new snapshot, so the next read executes and sees it; nothing is ever served
 * stale, and no time-to-live is involved.
 *
 * Only operations already in Apollo's document store are answered from here (a text parsed in this
 * request is not kept, so distinct-text floods add nothing), only for an authenticated caller
 * (the anonymous get UNAUTHENTICATED from execution), and only answers without errors are kept.
 * Executing the settings query took about as long as the rest of the request (15 fields through
 * graphql-js and type-graphql); this is what brings the read path level with Apollo's "hello".
 */
export function snapshotAnswerCache(options: SnapshotAnswerCacheOptions): ApolloServerPlugin<RequestContext> {
  const maxAnswers = options.maxAnswersPerOperation ?? 16;
  const eligible = new WeakMap<OperationDefinitionNode, boolean>();
  const answers = new WeakMap<OperationDefinitionNode, Map<string, Answer>>();

  const readsOnlySnapshot = (operation: OperationDefinitionNode): boolean => {
    let known = eligible.get(operation);
    if (known === undefined) {
      known =
        operation.operation === 'query' &&
        operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && (options.rootFields.has(selection.name.value) || selection.name.value === '__typename'));
      eligible.set(operation, known);
    }
    return known;
  };

  return {
    async requestDidStart() {
      let parsedNow = false;
      let served = false;
      let key: string | undefined;
      let snapshot: object | undefined;
      return {
        async parsingDidStart() {
          parsedNow = true;
        },
        async responseForOperation({ operation, contextValue, request }) {
          if (parsedNow || !operation || !contextValue.caller || !readsOnlySnapshot(operation)) return null;
          key = `${contextValue.caller.role}\n${declaredValues(operation, request.variables)}`;
          snapshot = options.snapshot();
          const answer = answers.get(operation)?.get(key);
          if (answer?.snapshot !== snapshot) return null;
          served = true;
          return { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: answer.data } } };
        },
        async willSendResponse({ operation, response }) {
          if (served || key === undefined || !operation || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          // Kept only if the state did not change while the operation executed.
          if (errors?.length || !data || options.snapshot() !== snapshot) return;
          let kept = answers.get(operation);
          if (!kept) answers.set(operation, (kept = new Map()));
          // Answers of older snapshots are never served again; drop them first.
          for (const [oldKey, old] of kept) if (old.snapshot !== snapshot) kept.delete(oldKey);
          if (!kept.has(key) && kept.size >= maxAnswers) kept.delete(kept.keys().next().value as string);
          kept.set(key, { snapshot: snapshot as object, data: deepFreeze(data) });
        },
      };
    },
  };
}
