import { updateInputProblems } from '../mail-settings/mail-session.update.js';
import { inputRules } from '../platform/graphql/validation-errors.js';
import { TestMailSessionInput } from './mail-check.input.js';

/** The update rules of the candidate settings, at the edge with the decorators (see `argumentValidator`), named from `settings`. */
export const testMailSessionInputRules = inputRules(TestMailSessionInput, (input) =>
  input.settings ? updateInputProblems(input.settings).map((error) => error.nestedUnder(['settings'])) : [],
);
