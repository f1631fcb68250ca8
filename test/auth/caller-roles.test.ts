import { knownRoles, mayActAs } from '../../src/platform/auth/caller-roles';
import { authChecker } from '../../src/platform/auth/auth-checker';
import type { RequestContext } from '../../src/platform/graphql/context';
import type { Role } from '../../src/config/auth-settings';
import pino from 'pino';

function check(roles: readonly Role[], needed: Role[]): string {
  const context: RequestContext = { requestId: 'test', caller: { name: 'multi', roles }, log: pino({ level: 'silent' }) };
  try {
    const checker = authChecker as (data: { context: RequestContext; root: object; args: object; info: never }, roles: Role[]) => boolean;
    checker({ context, root: {}, args: {}, info: {} as never }, needed);
    return 'allowed';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code ?? 'thrown';
  }
}

describe('a caller with a set of roles', () => {
  it('may do what any of its roles may: sender and receiver together send and receive, but do not read the settings', () => {
    expect(check(['sender', 'receiver'], ['sender'])).toBe('allowed');
    expect(check(['sender', 'receiver'], ['receiver'])).toBe('allowed');
    expect(check(['sender', 'receiver'], ['viewer'])).toBe('FORBIDDEN');
    expect(check(['sender', 'receiver'], ['admin'])).toBe('FORBIDDEN');
  });

  it('may do everything as an admin, whatever else it holds', () => {
    for (const needed of [['viewer'], ['sender'], ['receiver'], ['admin']] as Role[][]) expect(check(['admin'], needed)).toBe('allowed');
  });

  it('is refused a sender-only operation as a viewer, and a viewer operation as a sender', () => {
    expect(check(['viewer'], ['sender'])).toBe('FORBIDDEN');
    expect(check(['sender'], ['viewer'])).toBe('FORBIDDEN');
    expect(mayActAs({ roles: ['receiver'] }, ['sender'])).toBe(false);
  });

  it('keeps the known roles of a claim once each, in a fixed order, and drops unknown ones', () => {
    expect(knownRoles(['receiver', 'owner', 'sender', 'receiver'])).toEqual(['sender', 'receiver']);
    expect(knownRoles(['superuser'])).toEqual([]);
  });
});
