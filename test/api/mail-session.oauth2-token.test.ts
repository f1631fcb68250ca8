import type { TokenStatus } from '../../src/oauth2/oauth2-client';
import type { Side } from '../../src/mail-settings/mail-session.oauth2-columns';
import { updateOk } from './mail-session.operations';
import { useTestApp } from '../support/test-app';

/*
 * Issue 15: `oauth2.token` shows the live token status the app is given (the transports' token
 * caches once integrated). The status changes without a new settings version, so the repeated
 * read that the answer cache serves from memory must still show the status of now.
 */

const statuses: Record<Side, TokenStatus> = {
  incoming: { state: 'NONE', expiresAt: null, lastError: null },
  outgoing: { state: 'REFRESHING', expiresAt: null, lastError: null },
};
const READ = 'query ReadToken { mailSession { version outgoing { oauth2 { token { state expiresAt lastError } } } } }';

describe('oauth2.token', () => {
  const t = useTestApp({ tokenStatus: (side) => ({ ...statuses[side] }) });

  it('reads the status of the token source, and a new status on the next read of the same query', async () => {
    await updateOk(t, {
      outgoing: {
        host: 'smtp.example.com',
        user: 'app@example.com',
        oauth2: { preset: 'MICROSOFT_365', tenantId: 'contoso.example', clientId: 'client-1', clientSecret: 'secret-1' },
      },
    });
    const read = async () => (await t.gql<{ mailSession: { version: number; outgoing: { oauth2: { token: unknown } } } }>(READ)).data?.mailSession;
    expect(await read()).toEqual({ version: 1, outgoing: { oauth2: { token: { state: 'REFRESHING', expiresAt: null, lastError: null } } } });
    expect((await read())?.outgoing.oauth2.token).toEqual({ state: 'REFRESHING', expiresAt: null, lastError: null });

    statuses.outgoing = { state: 'VALID', expiresAt: new Date('2026-12-05T07:00:00.000Z'), lastError: null };
    expect((await read())?.outgoing.oauth2.token).toEqual({ state: 'VALID', expiresAt: '2026-12-05T07:00:00.000Z', lastError: null });

    statuses.outgoing = { state: 'FAILED', expiresAt: null, lastError: 'invalid_client: AADSTS7000215 Invalid client secret provided' };
    expect((await read())?.outgoing.oauth2.token).toEqual({
      state: 'FAILED',
      expiresAt: null,
      lastError: 'invalid_client: AADSTS7000215 Invalid client secret provided',
    });
  });
});
