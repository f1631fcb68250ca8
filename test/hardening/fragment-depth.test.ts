import { DEFAULT_HTTP_LIMITS } from '../../src/config/http-settings';
import { useTestApp } from '../support/test-app';

// Depth 2 at most: `{ mailSession { version } }` passes, `{ mailSession { transports { ... } } }` does not.
const service = useTestApp({ httpLimits: { ...DEFAULT_HTTP_LIMITS, maxDepth: 2 } });

const codes = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => (result.errors ?? []).map((e) => e.extensions?.code);

describe('the depth limit counts fields, however a client groups them in fragments', () => {
  it('lets fields within the limit through a fragment spread, and through a spread of a spread', async () => {
    const spread = await service.gql('{ mailSession { ...Version } } fragment Version on MailSession { version }');
    expect(codes(spread)).toEqual([]);
    const nested = await service.gql('{ mailSession { ...Outer } } fragment Outer on MailSession { ...Inner } fragment Inner on MailSession { version }');
    expect(codes(nested)).toEqual([]);
    const inline = await service.gql('{ mailSession { ... on MailSession { version } } }');
    expect(codes(inline)).toEqual([]);
  });

  it('still refuses fields beyond the limit when they hide in fragments', async () => {
    const hidden = await service.gql(
      '{ mailSession { ...Outer } } fragment Outer on MailSession { ...Inner } fragment Inner on MailSession { transports { outgoing { state } } }',
    );
    expect(codes(hidden)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const inline = await service.gql('{ mailSession { ... on MailSession { transports { outgoing { state } } } } }');
    expect(codes(inline)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
