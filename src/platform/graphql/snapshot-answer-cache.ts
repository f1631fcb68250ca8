import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { Kind, type OperationDefinitionNode, OperationTypeNode } from 'graphql';
import type { RequestContext } from './context.js';

export interface SnapshotAnswerCacheOptions {
  /**
   * Root query fields whose whole answer is read from `snapshot()` and depends on the caller only
   * through its role (the fields' `@Authorized` check).
   */
  rootFields: ReadonlySet<string>;
  /** The in-memory state those fields read: a new object whenever any of it changes. */
  snapshot: () => object;
  /** Bytes of answers kept, keys included, as estimated on the way in; the oldest go first. */
  maxBytes?: number;
}

interface Answer {
  data: Readonly<Record<string, unknown>>;
  bytes: number;
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
 * that only selects `rootFields` is kept per (query text, operation, caller role, declared
 * variables) with the snapshot object it was computed from, and served while `snapshot()` still
 * returns that object. A change makes a new snapshot, so the next read executes and sees it, and
 * the first answer kept after it drops every older one; nothing is ever served stale, and no
 * time-to-live is involved.
 *
 * Only operations already in Apollo's document store are answered from here (a text parsed in this
 * request is not kept, so distinct-text floods add nothing), and only answers without errors are
 * kept. Every request that gets here is authenticated (see requestAdmission); a context without a
 * caller (`executeOperation`) is not answered from here, as the role check would be skipped.
 * Answers are bounded by bytes, keys included: declared variables may be as large as the body.
 * Executing the settings query took about as long as the rest of the request (15 fields through
 * graphql-js and type-graphql); this is what brings the read path level with Apollo's "hello".
 */
export function snapshotAnswerCache(options: SnapshotAnswerCacheOptions): ApolloServerPlugin<RequestContext> {
  const maxBytes = options.maxBytes ?? 2 ** 20;
  const eligible = new WeakMap<OperationDefinitionNode, boolean>();
  // Oldest first (a Map keeps insertion order); all of them answers of `keptSnapshot`.
  const answers = new Map<string, Answer>();
  let keptSnapshot: object | undefined;
  let keptBytes = 0;

  const readsOnlySnapshot = (operation: OperationDefinitionNode): boolean => {
    let known = eligible.get(operation);
    if (known === undefined) {
      known =
        operation.operation === OperationTypeNode.QUERY &&
        operation.selectionSet.selections.every(
          (selection) => selection.kind === Kind.FIELD && (options.rootFields.has(selection.name.value) || selection.name.value === '__typename'),
        );
      eligible.set(operation, known);
    }
    return known;
  };

  const keep = (key: string, snapshot: object, data: Readonly<Record<string, unknown>>): void => {
    if (snapshot !== keptSnapshot) {
      // Answers of an older snapshot are never served again.
      answers.clear();
      keptBytes = 0;
      keptSnapshot = snapshot;
    }
    // Measured on the heap as about 4 bytes per byte of JSON for objects; 2 per character of key.
    const bytes = 2 * key.length + 4 * JSON.stringify(data).length;
    if (bytes > maxBytes) return;
    const old = answers.get(key);
    if (old) {
      answers.delete(key);
      keptBytes -= old.bytes;
    }
    for (const [oldestKey, oldest] of answers) {
      if (keptBytes + bytes <= maxBytes) break;
      answers.delete(oldestKey);
      keptBytes -= oldest.bytes;
    }
    answers.set(key, { data: deepFreeze(data), bytes });
    keptBytes += bytes;
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
        async responseForOperation({ operation, contextValue, request, queryHash }) {
          if (parsedNow || !operation || !contextValue.caller || !readsOnlySnapshot(operation)) return null;
          key = `${queryHash}\n${operation.name?.value ?? ''}\n${contextValue.caller.roles.join(' ')}\n${declaredValues(operation, request.variables)}`;
          snapshot = options.snapshot();
          const answer = snapshot === keptSnapshot ? answers.get(key) : undefined;
          if (!answer) return null;
          served = true;
          return { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: answer.data } } };
        },
        async willSendResponse({ operation, response }) {
          if (served || key === undefined || snapshot === undefined || !operation || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          // Kept only if the state did not change while the operation executed.
          if (errors?.length || !data || options.snapshot() !== snapshot) return;
          keep(key, snapshot, data);
        },
      };
    },
  };
}
