import { ConfigError } from '../config/config-error.js';

/** A stored secret that no configured key decrypts; `problem` names the key id and where it is, never the value. */
export class UndecryptableSecretError extends ConfigError {
  constructor(
    readonly problem: string,
    rotateCommand = 'npm run secrets:rotate',
  ) {
    super(
      'MAIL_SECRET_KEYS',
      `${problem}. Configure the key that encrypted it, e.g. MAIL_SECRET_KEYS="<new id>:<new key>,<old id>:<old key>", and run \`${rotateCommand}\` before dropping an old key`,
    );
  }
}
