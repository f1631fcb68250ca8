import { Kind, type GraphQLResolveInfo } from 'graphql';

/**
 * Whether the caller gave argument `name` to the field being resolved, as opposed to leaving it
 * to its SDL default: given literally, or through a variable that has a value.
 */
export function argumentGiven(info: GraphQLResolveInfo, name: string): boolean {
  const argument = info.fieldNodes[0]?.arguments?.find((node) => node.name.value === name);
  if (!argument) return false;
  if (argument.value.kind !== Kind.VARIABLE) return true;
  return Object.hasOwn(info.variableValues, argument.value.name.value);
}
