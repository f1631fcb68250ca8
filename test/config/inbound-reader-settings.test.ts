import { ConfigError } from '../../src/config/config-error';
import { loadConfig } from '../../src/config/env';

describe('the incoming mail reader settings', () => {
  it('reads INBOUND_FAILOVER_MS, INBOUND_POLL_INTERVAL_MS and INBOUND_MAX_MESSAGE_BYTES', () => {
    const config = loadConfig({ INBOUND_FAILOVER_MS: '3000', INBOUND_POLL_INTERVAL_MS: '15000', INBOUND_MAX_MESSAGE_BYTES: '1048576' });
    expect(config.inboundReader).toEqual({ failoverMs: 3_000, pollIntervalMs: 15_000, maxMessageBytes: 1_048_576 });
  });

  it.each([
    ['INBOUND_FAILOVER_MS', '100'],
    ['INBOUND_FAILOVER_MS', 'ten seconds'],
    ['INBOUND_POLL_INTERVAL_MS', '0'],
    ['INBOUND_MAX_MESSAGE_BYTES', '25MiB'],
    ['INBOUND_MAX_MESSAGE_BYTES', '10'],
  ])('refuses %s=%s with an error naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(name);
  });
});
