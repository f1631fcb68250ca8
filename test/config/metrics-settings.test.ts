import { loadConfig } from '../../src/config/env';
import { configError } from '../support/config-error';

describe('the metrics settings', () => {
  it('are off unless METRICS_PORT is set, whatever METRICS_HOST says', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '  ' }).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_HOST: '0.0.0.0' }).metrics).toBeUndefined();
  });

  it('listen on 127.0.0.1 by default, in production too', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app@db:5432/mail',
      MAIL_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
      AUTH_TOKENS: 'ops:admin:ops-token-0123456789abcdef',
    };
    expect(loadConfig({ ...production, METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
  });

  it('take METRICS_HOST when it is given', () => {
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: ' 0.0.0.0 ' }).metrics).toEqual({ port: 9464, host: '0.0.0.0' });
  });

  it.each(['0', '65536', 'http', '94.64', '-1'])('refuse METRICS_PORT=%s, naming the variable', (value) => {
    expect(configError(() => loadConfig({ METRICS_PORT: value })).message).toMatch(/^METRICS_PORT: expected a whole number from 1 to 65535/);
  });
});
