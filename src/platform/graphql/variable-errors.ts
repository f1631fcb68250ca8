import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, inputPath, type InputPath, type InputProblem } from '../errors/domain-errors.js';

/**
 * Where in a variable's value graphql-js found a coercion problem: the path its message names
 * (`at "input.outgoing.port"`) without the variable's name, so that it reads like the paths the
 * rules give when the variable is the whole argument (`["outgoing", "port"]`); a missing or
 * unknown input field adds its own name. Empty when the variable as a whole is wrong.
 */
export function variableProblemPath(message: string): InputPath {
  const at = / at "([^"]*)"/.exec(message)?.[1];
  const path = at === undefined ? [] : inputPath(at).slice(1);
  const field = /Field "(\w+)" (?:of required type "[^"]*" was not provided|is not defined|is required)/.exec(message)?.[1];
  return field === undefined ? path : [...path, field];
}

/** The variable a coercion error is about (`Variable "$input" ...`), or undefined when it is not one. */
export function variableOf(message: string): string | undefined {
  return /^Variable "\$(\w+)"/.exec(message)?.[1];
}

/** A variable coercion error in the shape of every BAD_USER_INPUT: `field` and `problems`. */
export function withVariableProblem(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const field = variableProblemPath(formatted.message);
  return { ...formatted, extensions: { ...formatted.extensions, field, problems: [{ field, message: formatted.message }] } };
}

function isVariableProblem(error: GraphQLFormattedError): boolean {
  return error.extensions?.code === ErrorCode.BAD_USER_INPUT && error.path === undefined && variableOf(error.message) !== undefined;
}

/**
 * graphql-js reports each coercion problem of a variable as an error of its own; a client gets
 * one BAD_USER_INPUT per variable instead, whose `problems` list all of them, as for the rules.
 */
export function oneErrorPerVariable(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const byVariable = new Map<string, GraphQLFormattedError>();
  const merged: GraphQLFormattedError[] = [];
  for (const error of errors) {
    const variable = isVariableProblem(error) ? variableOf(error.message) : undefined;
    const first = variable === undefined ? undefined : byVariable.get(variable);
    if (variable === undefined) {
      merged.push(error);
    } else if (first === undefined) {
      byVariable.set(variable, error);
      merged.push(error);
    } else {
      const problems = [...(first.extensions?.problems as InputProblem[]), ...(error.extensions?.problems as InputProblem[])];
      const combined = { ...first, message: `${first.message}; ${error.message}`, extensions: { ...first.extensions, problems } };
      merged[merged.indexOf(first)] = combined;
      byVariable.set(variable, combined);
    }
  }
  return merged;
}
