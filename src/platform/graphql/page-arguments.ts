import { BadUserInputError } from '../errors/domain-errors.js';

/** The connection arguments of a page; `first` null unless the caller gave it (its SDL default is applied by the service). */
export interface PageArguments {
  first: number | null;
  after: string | null;
  last: number | null;
  before: string | null;
}

/** `value` when it is a page size from 1 to `max`; BAD_USER_INPUT on `argument` otherwise. */
export function pageSize(value: number, argument: 'first' | 'last', max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new BadUserInputError(`${argument} must be from 1 to ${max}`, { field: argument });
  }
  return value;
}
