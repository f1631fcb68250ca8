import path from 'node:path';
import { StartupFailure } from '../platform/lifecycle/startup-failure.js';

/**
 * Stored secrets that the development key ring cannot decrypt: the key is there to put back, or lost
 * with the passwords it encrypted, and then the way out is a fresh data directory.
 */
export function lostDevelopmentKey(problem: string, ringFile: string, dataDir: string, startCommand: string): StartupFailure {
  return new StartupFailure(
    'DATA_DIR',
    `${problem}: the development key ring ${ringFile} does not hold that key. Put the key back into ${ringFile}; if it is lost, so are the stored passwords: to start over, stop the service, delete ${path.resolve(dataDir)} (its database, key ring and admin token) and run \`${startCommand}\` again`,
  );
}
