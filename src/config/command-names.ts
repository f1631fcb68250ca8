import { text, type Env } from './env-values.js';

/** How a user runs each command here: messages name the command the reader can type. */
export interface CommandNames {
  readonly start: string;
  readonly migrate: string;
  readonly rotateSecrets: string;
}

const NPM: CommandNames = { start: 'npm start', migrate: 'npm run migrate', rotateSecrets: 'npm run secrets:rotate' };
const NODE: CommandNames = { start: 'node dist/main.js', migrate: 'node dist/migrate.js', rotateSecrets: 'node dist/rotate-secrets.js' };

/**
 * True when npm started this process (`npm start`, `npm run ...` set `npm_lifecycle_event`); false
 * for `node dist/main.js`, as in the image.
 */
export function launchedByNpm(env: Env): boolean {
  return text(env, 'npm_lifecycle_event') !== undefined || text(env, 'npm_command') !== undefined;
}

/** The npm scripts when started through npm, otherwise the built scripts (the image has no npm scripts to run). */
export function commandNamesFrom(env: Env): CommandNames {
  return launchedByNpm(env) ? NPM : NODE;
}
