import { randomBytes } from 'node:crypto';
import { commandNamesFrom } from '../../src/config/command-names';
import { databaseConnectTimeoutFrom } from '../../src/config/database-connect-settings';
import { nextKeyId } from '../../src/config/embedded-defaults';
import { configError } from '../support/config-error';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('DATABASE_CONNECT_TIMEOUT_MS', () => {
  it('waits 30 s for an unreachable database by default; 0 means one attempt', () => {
    expect(databaseConnectTimeoutFrom({})).toBe(30_000);
    expect(databaseConnectTimeoutFrom({ DATABASE_CONNECT_TIMEOUT_MS: '0' })).toBe(0);
    expect(databaseConnectTimeoutFrom({ DATABASE_CONNECT_TIMEOUT_MS: '120000' })).toBe(120_000);
  });

  it.each(['-1', '1.5', 'soon', '3600001'])('names the variable when given %s', (value) => {
    expect(configError(() => databaseConnectTimeoutFrom({ DATABASE_CONNECT_TIMEOUT_MS: value })).message).toMatch(
      /^DATABASE_CONNECT_TIMEOUT_MS: expected a whole number/,
    );
  });
});

describe('the commands messages name', () => {
  it('are the npm scripts when npm started the process, the built scripts otherwise (as in the image)', () => {
    expect(commandNamesFrom({ npm_lifecycle_event: 'start' }).rotateSecrets).toBe('npm run secrets:rotate');
    expect(commandNamesFrom({ npm_command: 'run-script' }).migrate).toBe('npm run migrate');
    expect(commandNamesFrom({})).toEqual({ start: 'node dist/main.js', migrate: 'node dist/migrate.js', rotateSecrets: 'node dist/rotate-secrets.js' });
  });
});

describe('the next development key id', () => {
  it('follows the highest k<n>, also after an older ring whose key was called dev', () => {
    expect(nextKeyId([key('k1')])).toBe('k2');
    expect(nextKeyId([key('dev')])).toBe('k2');
    expect(nextKeyId([key('k3'), key('k10'), key('k2')])).toBe('k11');
  });
});
