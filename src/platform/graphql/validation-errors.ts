import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { BadUserInputError, type InputPath, type InputProblem } from '../errors/domain-errors.js';

/** Values stay out of validation errors: a rejected value may be a password. */
const OPTIONS: ValidatorOptions = { forbidUnknownValues: false, validationError: { target: false, value: false } };

/** Text of a path as messages name it: `outgoing.port`, `additionalProperties[0].key`. */
function pathText(path: InputPath): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

function collect(errors: readonly ValidationError[], prefix: InputPath, into: InputProblem[]): InputProblem[] {
  for (const error of errors) {
    const field = [...prefix, /^\d+$/.test(error.property) ? Number(error.property) : error.property];
    for (const message of Object.values(error.constraints ?? {})) into.push({ field, message: message.replace(error.property, pathText(field)) });
    collect(error.children ?? [], field, into);
  }
  return into;
}

/**
 * The rules an input type has beyond its class-validator decorators that need nothing but the
 * input itself (null where a value must be given, fields that exclude each other, the JavaMail
 * properties), as its domain states them; run at the edge when the decorators refuse the input,
 * so that one answer names every problem of the input.
 */
export interface InputRules<T extends object = object> {
  type: abstract new (...args: never[]) => T;
  problems: (input: T) => readonly BadUserInputError[];
}

/** Typed constructor of an {@link InputRules} entry. */
export function inputRules<T extends object>(type: abstract new (...args: never[]) => T, problems: (input: T) => readonly BadUserInputError[]): InputRules {
  return { type, problems: problems as (input: object) => readonly BadUserInputError[] };
}

/** The problems the rules of `input`'s class (or a class it extends) find. */
function ruleProblems(input: object, rules: readonly InputRules[]): InputProblem[] {
  const entry = rules.find((candidate) => input instanceof candidate.type);
  return entry ? entry.problems(input).flatMap((error) => error.problems) : [];
}

/**
 * The decorators' problems and, when there are any, the rules' as well: an input the decorators
 * pass goes on to its service, whose rules list the same problems with those that need the stored
 * settings (password re-entry). A rule's problem at a field the decorators already refused would
 * say the same thing twice and is left out.
 */
async function problemsOf(item: object, rules: readonly InputRules[]): Promise<InputProblem[]> {
  const decorated = collect(await validate(item, OPTIONS), [], []);
  if (decorated.length === 0) return decorated;
  const refused = new Set(decorated.map((problem) => pathText(problem.field)));
  return [...decorated, ...ruleProblems(item, rules).filter((problem) => !refused.has(pathText(problem.field)))];
}

/**
 * Validates every input-object argument with its class-validator decorators (the declarative
 * rules on the `@InputType` classes); when they refuse it, the `rules` given for its type run too,
 * and the input is refused with one
 * BAD_USER_INPUT error listing every problem (`problems`, each with its input path as an array,
 * e.g. `["outgoing", "port"]`; `field` is the first one's) without echoing any value. Given to
 * `buildSchema` as `validateFn` rather than `validate: true` plus a middleware, because
 * type-graphql runs global middlewares around every field of every response, which cost the read
 * path for nothing.
 */
export function argumentValidator(rules: readonly InputRules[] = []): ValidatorFn {
  return async (argValue: unknown) => {
    if (argValue === null || typeof argValue !== 'object') return;
    const problems = Array.isArray(argValue)
      ? (await Promise.all(argValue.map((item: unknown) => (item !== null && typeof item === 'object' ? problemsOf(item, rules) : Promise.resolve([]))))).flat()
      : await problemsOf(argValue, rules);
    if (problems.length === 0) return;
    const summary = problems.map((p) => p.message).join('; ') || 'invalid input';
    throw new BadUserInputError(summary, { problems });
  };
}
