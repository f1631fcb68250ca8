import { ADMIN_TOKEN, useTestApp, VIEWER_TOKEN } from '../support/test-app';

const service = useTestApp();
const VIEWER = '{ viewer { name roles } }';

describe('Query.viewer: who the token is, so a client shows only what it may do', () => {
  it('names an admin token and its roles', async () => {
    const result = await service.gql(VIEWER, undefined, ADMIN_TOKEN);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ viewer: { name: 'alice', roles: ['ADMIN'] } });
  });

  it('names a viewer token and its roles', async () => {
    const result = await service.gql(VIEWER, undefined, VIEWER_TOKEN);
    expect(result.data).toEqual({ viewer: { name: 'victor', roles: ['VIEWER'] } });
  });

  it('tells nothing to a call without a token', async () => {
    const result = await service.gql(VIEWER, undefined, null);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
  });
});
