import fc from 'fast-check';
import { parseAuthTokens } from '../../src/config/auth-settings';
import { loadConfig } from '../../src/config/env';
import { parseSecretKey } from '../../src/config/secret-keys';
import { configError } from '../support/config-error';
import { DEFAULT_NETWORK_DENY } from '../../src/platform/network/network-policy';

const KEY = Buffer.alloc(32, 1).toString('base64');
const TOKENS = 'alice:admin:alice-token-0123456789,victor:viewer:victor-token-0123456789';
const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://app@db:5432/mail', MAIL_SECRET_KEY: KEY, AUTH_TOKENS: TOKENS };

describe('loadConfig', () => {
  it('runs with no variables at all on the embedded defaults', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      isProduction: false,
      host: '127.0.0.1',
      port: 4000,
      databaseUrl: undefined,
      dataDir: '.data',
      embeddedPostgresPort: 54329,
      databaseConnectTimeoutMs: 30_000,
      launchedByNpm: false,
      commands: { start: 'node dist/main.js', migrate: 'node dist/migrate.js', rotateSecrets: 'node dist/rotate-secrets.js' },
      adminConsole: { enabled: true, oidc: undefined },
      secretKey: undefined,
      authTokens: undefined,
      logLevel: 'info',
      logFormat: 'auto',
      introspection: true,
      landingPage: true,
      reconcileIntervalMs: 30_000,
      listenerReconnectMs: 1_000,
      shutdownTimeoutMs: 25_000,
      secretReadKeys: [],
      oidc: undefined,
      authFailures: { slowAfter: 5, refuseAfter: 20, windowMs: 900_000, delayMs: 250 },
      httpLimits: {
        bodyLimitBytes: 262_144,
        corsOrigins: ['https://studio.apollographql.com'],
        corsAllowedHeaders: [],
        maxDepth: 8,
        maxCost: 5_000,
        maxAliases: 15,
        maxTokens: 1_000,
        maxDirectives: 50,
        hideSchemaDetails: false,
        maxQueryBytes: 16_384,
        requestTimeoutMs: 30_000,
        headersTimeoutMs: 10_000,
        keepAliveTimeoutMs: 5_000,
        connectionTimeoutMs: 60_000,
      },
      subscriptionLimits: {
        maxConnections: 1_000,
        maxConnectionsPerAddress: 20,
        maxSubscriptionsPerConnection: 10,
        initTimeoutMs: 3_000,
        keepAliveMs: 12_000,
        maxBufferedBytes: 1_048_576,
        maxPendingEvents: 16,
        closeTimeoutMs: 2_000,
      },
      trustProxy: undefined,
      networkPolicy: { deny: DEFAULT_NETWORK_DENY },
      outboundLimits: { maxMessageBytes: 10_485_760, maxRecipients: 100, retentionDays: 7 },
    });
  });

  it('treats empty and blank variables as unset', () => {
    const config = loadConfig({ PORT: '', HOST: '   ', DATABASE_URL: ' ', MAIL_SECRET_KEY: '', AUTH_TOKENS: '\t' });
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: undefined, secretKey: undefined, authTokens: undefined });
  });

  it('listens on 127.0.0.1 by default outside production, on every interface in production, and on HOST when set', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadConfig({ DATABASE_URL: 'postgresql://app@db:5432/mail', MAIL_SECRET_KEY: KEY, AUTH_TOKENS: TOKENS }).host).toBe('127.0.0.1');
    expect(loadConfig(PRODUCTION).host).toBe('0.0.0.0');
    expect(loadConfig({ ...PRODUCTION, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      ...PRODUCTION,
      HOST: '127.0.0.1',
      PORT: '8080',
      DATA_DIR: '/var/lib/mail',
      EMBEDDED_POSTGRES_PORT: '5433',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'JSON',
      GRAPHQL_INTROSPECTION: 'yes',
      GRAPHQL_LANDING_PAGE: 'on',
      RECONCILE_INTERVAL_MS: '500',
      LISTENER_RECONNECT_MS: '20',
      SHUTDOWN_TIMEOUT_MS: '0',
      MAIL_NETWORK_DENY: 'default, 10.1.0.0/16',
      MAIL_NETWORK_ALLOW: '10.0.0.0/8',
      DATABASE_CONNECT_TIMEOUT_MS: '0',
      SUBSCRIPTION_MAX_CONNECTIONS: '50',
      SUBSCRIPTION_MAX_CONNECTIONS_PER_ADDRESS: '5',
      SUBSCRIPTION_MAX_PER_CONNECTION: '3',
      SUBSCRIPTION_INIT_TIMEOUT_MS: '1000',
      SUBSCRIPTION_KEEPALIVE_MS: '5000',
      SUBSCRIPTION_MAX_BUFFERED_BYTES: '65536',
      SUBSCRIPTION_MAX_PENDING_EVENTS: '8',
      ADMIN_CONSOLE: 'false',
      OUTBOUND_MAX_MESSAGE_BYTES: '2048',
      OUTBOUND_MAX_RECIPIENTS: '3',
      OUTBOUND_RETENTION_DAYS: '2',
      npm_lifecycle_event: 'start',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      isProduction: true,
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: PRODUCTION.DATABASE_URL,
      dataDir: '/var/lib/mail',
      embeddedPostgresPort: 5433,
      databaseConnectTimeoutMs: 0,
      launchedByNpm: true,
      commands: { start: 'npm start', migrate: 'npm run migrate', rotateSecrets: 'npm run secrets:rotate' },
      adminConsole: { enabled: false, oidc: undefined },
      secretKey: { id: 'k1', key: Buffer.alloc(32, 1) },
      authTokens: [
        { name: 'alice', role: 'admin', token: 'alice-token-0123456789' },
        { name: 'victor', role: 'viewer', token: 'victor-token-0123456789' },
      ],
      logLevel: 'debug',
      logFormat: 'json',
      introspection: true,
      landingPage: true,
      reconcileIntervalMs: 500,
      listenerReconnectMs: 20,
      shutdownTimeoutMs: 0,
      secretReadKeys: [],
      oidc: undefined,
      authFailures: { slowAfter: 5, refuseAfter: 20, windowMs: 900_000, delayMs: 250 },
      httpLimits: {
        bodyLimitBytes: 262_144,
        corsOrigins: [],
        corsAllowedHeaders: [],
        maxDepth: 8,
        maxCost: 5_000,
        maxAliases: 15,
        maxTokens: 1_000,
        maxDirectives: 50,
        hideSchemaDetails: true,
        maxQueryBytes: 16_384,
        requestTimeoutMs: 30_000,
        headersTimeoutMs: 10_000,
        keepAliveTimeoutMs: 5_000,
        connectionTimeoutMs: 60_000,
      },
      subscriptionLimits: {
        maxConnections: 50,
        maxConnectionsPerAddress: 5,
        maxSubscriptionsPerConnection: 3,
        initTimeoutMs: 1_000,
        keepAliveMs: 5_000,
        maxBufferedBytes: 65_536,
        maxPendingEvents: 8,
        closeTimeoutMs: 2_000,
      },
      networkPolicy: { deny: [...DEFAULT_NETWORK_DENY, '10.1.0.0/16'], allow: ['10.0.0.0/8'] },
      outboundLimits: { maxMessageBytes: 2_048, maxRecipients: 3, retentionDays: 2 },
    });
  });

  it('turns introspection and the landing page off by default in production only', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({ introspection: false, landingPage: false });
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ nodeEnv: 'test', isProduction: false, introspection: true, landingPage: true });
  });

  it.each(['1', 'true', 'YES', 'on'])('reads %s as true in a flag', (raw) => {
    expect(loadConfig({ ...PRODUCTION, GRAPHQL_INTROSPECTION: raw }).introspection).toBe(true);
  });

  it.each(['0', 'false', 'No', 'OFF'])('reads %s as false in a flag', (raw) => {
    expect(loadConfig({ GRAPHQL_LANDING_PAGE: raw }).landingPage).toBe(false);
  });

  it('accepts every whole number in range as a port', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 65535 }), (port) => loadConfig({ PORT: String(port) }).port === port));
  });

  it.each([
    ['NODE_ENV', 'staging'],
    ['PORT', 'abc'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '4000.5'],
    ['PORT', '4e3'],
    ['EMBEDDED_POSTGRES_PORT', '0'],
    ['EMBEDDED_POSTGRES_PORT', 'x'],
    ['DATABASE_URL', 'mysql://db/mail'],
    ['DATABASE_URL', 'db:5432'],
    ['MAIL_SECRET_KEY', 'too-short'],
    ['AUTH_TOKENS', 'alice:admin'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_FORMAT', 'text'],
    ['GRAPHQL_INTROSPECTION', 'maybe'],
    ['GRAPHQL_LANDING_PAGE', '2'],
    ['RECONCILE_INTERVAL_MS', '99'],
    ['LISTENER_RECONNECT_MS', '9'],
    ['SHUTDOWN_TIMEOUT_MS', '600001'],
    ['OUTBOUND_MAX_MESSAGE_BYTES', '1023'],
    ['OUTBOUND_MAX_MESSAGE_BYTES', '10MiB'],
    ['OUTBOUND_MAX_RECIPIENTS', '0'],
    ['OUTBOUND_RETENTION_DAYS', '31'],
  ])('refuses %s=%s with an error that names the variable', (variable, value) => {
    const error = configError(() => loadConfig({ ...PRODUCTION, [variable]: value }));
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it('requires DATABASE_URL in production', () => {
    const { DATABASE_URL: _unset, ...env } = PRODUCTION;
    expect(configError(() => loadConfig(env)).message).toMatch(/^DATABASE_URL: required in production/);
  });

  it('names the _FILE form of each required secret it asks for', () => {
    const { DATABASE_URL: _u, MAIL_SECRET_KEY: _k, AUTH_TOKENS: _t, ...rest } = PRODUCTION;
    expect(configError(() => loadConfig(rest)).message).toContain('DATABASE_URL_FILE');
    expect(configError(() => loadConfig({ ...rest, DATABASE_URL: PRODUCTION.DATABASE_URL })).message).toContain('MAIL_SECRET_KEY_FILE');
    expect(configError(() => loadConfig({ ...rest, DATABASE_URL: PRODUCTION.DATABASE_URL, MAIL_SECRET_KEY: PRODUCTION.MAIL_SECRET_KEY })).message).toContain(
      'AUTH_TOKENS_FILE',
    );
  });

  it('requires MAIL_SECRET_KEY in production and whenever DATABASE_URL is set', () => {
    const { MAIL_SECRET_KEY: _unset, ...env } = PRODUCTION;
    expect(configError(() => loadConfig(env)).message).toMatch(/^MAIL_SECRET_KEY: required in production/);
    expect(configError(() => loadConfig({ ...env, NODE_ENV: 'development' })).message).toMatch(/^MAIL_SECRET_KEY: required with DATABASE_URL set/);
  });

  it('requires AUTH_TOKENS in production and whenever DATABASE_URL is set', () => {
    const { AUTH_TOKENS: _unset, ...env } = PRODUCTION;
    expect(configError(() => loadConfig(env)).message).toMatch(/^AUTH_TOKENS: required in production/);
    expect(configError(() => loadConfig({ ...env, NODE_ENV: 'test' })).message).toMatch(/^AUTH_TOKENS: required with DATABASE_URL set/);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe('parseSecretKey', () => {
  it('reads any 32 bytes in base64, with the default key id k1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const parsed = parseSecretKey(Buffer.from(bytes).toString('base64'));
        return parsed.id === 'k1' && parsed.key.equals(Buffer.from(bytes));
      }),
    );
  });

  it('reads a key id given as a prefix, and url-safe base64', () => {
    const bytes = Buffer.alloc(32, 0xfb);
    expect(parseSecretKey(`2026-q1:${bytes.toString('base64url')}`)).toEqual({ id: '2026-q1', key: bytes });
  });

  it.each([
    ['31 bytes', Buffer.alloc(31, 1).toString('base64')],
    ['33 bytes', Buffer.alloc(33, 1).toString('base64')],
    ['an empty key after the id', 'k2:'],
    ['a key id with a dot, which would break the stored format', `k.2:${KEY}`],
    ['a key id longer than 32 characters', `${'k'.repeat(33)}:${KEY}`],
    ['characters outside base64', `${KEY.slice(0, -2)}!=`],
  ])('refuses %s, naming MAIL_SECRET_KEY without echoing the value', (_case, raw) => {
    const error = configError(() => parseSecretKey(raw));
    expect(error.message.startsWith('MAIL_SECRET_KEY: ')).toBe(true);
    expect(error.message).not.toContain(raw);
  });

  it('names the variable (or file) it was given', () => {
    expect(configError(() => parseSecretKey('x', '/data/mail-secret-key')).message.startsWith('/data/mail-secret-key: ')).toBe(true);
  });
});

describe('parseAuthTokens', () => {
  it('reads comma-separated name:role:token entries, trimming spaces around them', () => {
    expect(parseAuthTokens(' alice:admin:alice-token-0123456789 , victor:viewer:a:token:with:colons ,')).toEqual([
      { name: 'alice', role: 'admin', token: 'alice-token-0123456789' },
      { name: 'victor', role: 'viewer', token: 'a:token:with:colons' },
    ]);
  });

  it('reads the sender and receiver roles', () => {
    expect(parseAuthTokens('app:sender:sender-token-0123456789,inbox:receiver:receiver-token-0123456789').map((t) => t.role)).toEqual(['sender', 'receiver']);
  });

  it.each([
    ['no entries', ' , ', /no tokens given/],
    ['an unknown role', 'alice:owner:alice-token-0123456789', /entry 1: role must be admin, viewer, sender, receiver/],
    ['a token shorter than 16 characters', 'alice:admin:short-token', /entry 1: token must be at least 16/],
    ['an empty name', ':admin:alice-token-0123456789', /entry 1: name must be/],
    ['a name with a space', 'al ice:admin:alice-token-0123456789', /entry 1: name must be/],
    ['a repeated name', 'alice:admin:alice-token-0123456789,alice:viewer:other-token-0123456789', /names must be unique/],
    ['a repeated token', 'alice:admin:same-token-0123456789,victor:viewer:same-token-0123456789', /tokens must be unique/],
  ])('refuses %s, naming AUTH_TOKENS', (_case, raw, problem) => {
    const error = configError(() => parseAuthTokens(raw));
    expect(error.message.startsWith('AUTH_TOKENS: ')).toBe(true);
    expect(error.message).toMatch(problem);
  });

  it('never repeats a token in its error messages', () => {
    const secret = 'Zq7x-secret-Value';
    const short = secret.slice(0, 15);
    for (const raw of [`alice:owner:${secret}`, `alice:admin:${short}`, `alice:admin:${secret},bob:admin:${secret}`, `al ice:admin:${secret}`]) {
      expect(configError(() => parseAuthTokens(raw)).message).not.toContain(short);
    }
  });
});
