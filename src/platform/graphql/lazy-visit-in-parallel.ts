import { BREAK, Kind, type ASTVisitor, versionInfo } from 'graphql';

type VisitFn = (this: unknown, ...args: unknown[]) => unknown;

interface EnterLeave {
  enter?: VisitFn | undefined;
  leave?: VisitFn | undefined;
}

type RuleVisitor = ASTVisitor & Record<string, unknown>;

const VISITORS = Symbol('visitors');
const SKIPPING = Symbol('skipping');

/** graphql-js's getEnterLeaveForKind. */
function enterLeaveFor(visitor: RuleVisitor, kind: string): EnterLeave {
  const forKind = visitor[kind];
  if (typeof forKind === 'object' && forKind !== null) return forKind;
  if (typeof forKind === 'function') return { enter: forKind as VisitFn, leave: undefined };
  return { enter: (visitor as EnterLeave).enter, leave: (visitor as EnterLeave).leave };
}

/** The merged enter/leave of one kind: graphql-js's visitInParallel body, for that kind alone. */
function mergeKind(visitors: readonly RuleVisitor[], skipping: unknown[], kind: string): EnterLeave | undefined {
  const enterList: (VisitFn | undefined)[] = [];
  const leaveList: (VisitFn | undefined)[] = [];
  let hasVisitor = false;
  for (const visitor of visitors) {
    const { enter, leave } = enterLeaveFor(visitor, kind);
    hasVisitor ||= enter != null || leave != null;
    enterList.push(enter);
    leaveList.push(leave);
  }
  if (!hasVisitor) return undefined;
  return {
    enter(...args: unknown[]) {
      const node = args[0];
      for (let i = 0; i < visitors.length; i++) {
        if (skipping[i] !== null) continue;
        const result = enterList[i]?.apply(visitors[i], args);
        if (result === false) skipping[i] = node;
        else if (result === BREAK) skipping[i] = BREAK;
        else if (result !== undefined) return result;
      }
      return undefined;
    },
    leave(...args: unknown[]) {
      const node = args[0];
      for (let i = 0; i < visitors.length; i++) {
        if (skipping[i] === null) {
          const result = leaveList[i]?.apply(visitors[i], args);
          if (result === BREAK) skipping[i] = BREAK;
          else if (result !== undefined && result !== false) return result;
        } else if (skipping[i] === node) {
          skipping[i] = null;
        }
      }
      return undefined;
    },
  };
}

interface LazyVisitor {
  readonly [VISITORS]: readonly RuleVisitor[];
  readonly [SKIPPING]: unknown[];
}

/** Each AST kind a getter that merges the rules' visitors for it on first use, then keeps it. */
const LAZY_PROTOTYPE = Object.create(null) as object;
for (const kind of Object.values(Kind)) {
  Object.defineProperty(LAZY_PROTOTYPE, kind, {
    get(this: LazyVisitor) {
      const merged = mergeKind(this[VISITORS], this[SKIPPING], kind);
      Object.defineProperty(this, kind, { value: merged });
      return merged;
    },
  });
}

/**
 * graphql-js's visitInParallel, merging each kind's visitors when a node of that kind is first
 * visited instead of for all of them up front.
 *
 * graphql-js 16 validates a document with one visitor per rule (31 here: the 27 specified rules,
 * graphql-armor's four, Apollo's introspection rule) merged by visitInParallel, which looks up
 * every visitor for each of the 45 AST kinds on every call: ~4,000 megamorphic property reads and
 * ~100 KB allocated per validation, though a query uses five or six kinds. Measured on the
 * distinct-text benchmark it was 46 % of all bytes allocated and the largest single CPU cost;
 * this version validates the same documents 3x faster. The result is the same merged visitor,
 * computed per kind at first use: rule visitors are plain objects that do not change while a
 * document is visited (test/graphql/lazy-visit-in-parallel.test.ts compares every error on
 * generated documents with graphql-js's own).
 */
export function lazyVisitInParallel(visitors: readonly ASTVisitor[]): ASTVisitor {
  const merged = Object.create(LAZY_PROTOTYPE) as LazyVisitor;
  Object.defineProperty(merged, VISITORS, { value: visitors });
  Object.defineProperty(merged, SKIPPING, { value: new Array<unknown>(visitors.length).fill(null) });
  return merged as unknown as ASTVisitor;
}

interface VisitorModule {
  visitInParallel: (visitors: readonly ASTVisitor[]) => ASTVisitor;
}

/** The module graphql's own validate.js requires, not the package's re-exporting index. */
function graphqlVisitorModule(): unknown {
  return require('graphql/language/visitor.js');
}

/**
 * Makes graphql-js's validate use lazyVisitInParallel. validate reads `visitInParallel` from the
 * module's exports at each call, so replacing that export is enough. Only on graphql 16, whose
 * internals this matches, and only when that module still has a writable `visitInParallel`
 * function: otherwise false, nothing changed, and validate keeps graphql-js's own merge (a later
 * graphql may move or freeze its files). Never throws. Idempotent. The parameters are for tests.
 */
export function installLazyVisitInParallel(loadVisitorModule: () => unknown = graphqlVisitorModule, graphqlMajor: number = versionInfo.major): boolean {
  if (graphqlMajor !== 16) return false;
  let visitorModule: unknown;
  try {
    visitorModule = loadVisitorModule();
  } catch {
    return false;
  }
  if (typeof visitorModule !== 'object' || visitorModule === null) return false;
  const descriptor = Object.getOwnPropertyDescriptor(visitorModule, 'visitInParallel');
  if (descriptor?.value === lazyVisitInParallel) return true;
  if (typeof descriptor?.value !== 'function' || !descriptor.writable) return false;
  try {
    (visitorModule as VisitorModule).visitInParallel = lazyVisitInParallel;
  } catch {
    return false;
  }
  return (visitorModule as VisitorModule).visitInParallel === lazyVisitInParallel;
}
