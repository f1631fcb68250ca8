import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { BadUserInputError } from '../errors/domain-errors.js';

interface FieldProblem {
  field: string;
  message: string;
}

/** Values stay out of validation errors: a rejected value may be a password. */
const OPTIONS: ValidatorOptions = { forbidUnknownValues: false, validationError: { target: false, value: false } };

function collect(errors: readonly ValidationError[], prefix: string, into: FieldProblem[]): FieldProblem[] {
  for (const error of errors) {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) into.push({ field, message: message.replace(error.property, field) });
    collect(error.children ?? [], field, into);
  }
  return into;
}

/**
 * Validates every input-object argument with its class-validator decorators (the declarative
 * rules on the `@InputType` classes) and refuses with one BAD_USER_INPUT error naming each input
 * path (e.g. `outgoing.port`) without echoing any value. Given to `buildSchema` as `validateFn`
 * rather than `validate: true` plus a middleware, because type-graphql runs global middlewares
 * around every field of every response, which cost the read path for nothing.
 */
export const validateArguments: ValidatorFn = async (argValue: unknown) => {
  if (argValue === null || typeof argValue !== 'object') return;
  const errors = Array.isArray(argValue)
    ? (await Promise.all(argValue.map((item: unknown) => (item !== null && typeof item === 'object' ? validate(item, OPTIONS) : Promise.resolve([]))))).flat()
    : await validate(argValue, OPTIONS);
  if (errors.length === 0) return;
  const problems = collect(errors, '', []);
  const summary = problems.map((p) => p.message).join('; ') || 'invalid input';
  throw new BadUserInputError(summary, { field: problems[0]?.field, problems });
};
