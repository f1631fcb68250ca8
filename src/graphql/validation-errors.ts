import type { ValidationError } from 'class-validator';
import { ArgumentValidationError, type MiddlewareFn } from 'type-graphql';
import { BadUserInputError } from '../errors.js';

interface FieldProblem {
  field: string;
  message: string;
}

function collect(errors: readonly ValidationError[], prefix: string, into: FieldProblem[]): FieldProblem[] {
  for (const error of errors) {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) into.push({ field, message: message.replace(error.property, field) });
    collect(error.children ?? [], field, into);
  }
  return into;
}

/**
 * Turns class-validator's errors into one BAD_USER_INPUT error naming each input path (e.g.
 * `outgoing.port`) without echoing any value: type-graphql's own error would carry the rejected
 * values (a password among them) to the client.
 */
export const validationErrors: MiddlewareFn = async (_, next) => {
  try {
    return await next();
  } catch (error) {
    if (!(error instanceof ArgumentValidationError)) throw error;
    const problems = collect(error.extensions.validationErrors as ValidationError[], '', []);
    const summary = problems.map((p) => p.message).join('; ') || 'invalid input';
    throw new BadUserInputError(summary, { field: problems[0]?.field, problems });
  }
};
