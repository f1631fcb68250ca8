import fc from 'fast-check';
import Fastify from 'fastify';
import { ConfigError } from '../../src/config/config-error';
import { loadConfig, loadRotationConfig } from '../../src/config/env';
import { configError } from '../support/config-error';

const K1 = Buffer.alloc(32, 1).toString('base64');
const K2 = Buffer.alloc(32, 2).toString('base64');
const TOKENS = 'alice:admin:alice-token-0123456789';
const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://app@db:5432/mail', MAIL_SECRET_KEY: K1, AUTH_TOKENS: TOKENS };
const OIDC = { AUTH_JWKS_URL: 'https://id.example.com/jwks', AUTH_ISSUER: 'https://id.example.com/', AUTH_AUDIENCE: 'mail-session' };

describe('hardening settings', () => {
  it('reads several keys from MAIL_SECRET_KEYS: the first writes, the others only decrypt', () => {
    const config = loadConfig({ ...PRODUCTION, MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEYS: `k2:${K2}, k1:${K1}` });
    expect(config.secretKey).toEqual({ id: 'k2', key: Buffer.alloc(32, 2) });
    expect(config.secretReadKeys).toEqual([{ id: 'k1', key: Buffer.alloc(32, 1) }]);
  });

  it('keeps the single MAIL_SECRET_KEY working, with no read keys', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.secretKey?.id).toBe('k1');
    expect(config.secretReadKeys).toEqual([]);
  });

  it.each([
    ['both variables set', { MAIL_SECRET_KEYS: `k2:${K2}` }],
    ['duplicate ids', { MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEYS: `k1:${K2},k1:${K1}` }],
    ['a short key', { MAIL_SECRET_KEY: undefined, MAIL_SECRET_KEYS: `k2:${K2},k1:c2hvcnQ=` }],
  ])('refuses MAIL_SECRET_KEYS with %s, naming the variable and never a key', (_why, env) => {
    const error = configError(() => loadConfig({ ...PRODUCTION, ...env }));
    expect(error.message).toMatch(/^MAIL_SECRET_KEYS: /);
    expect(error.message).not.toContain(K1);
    expect(error.message).not.toContain(K2);
  });

  it('reads the OpenID Connect settings with defaults for skew and claims', () => {
    expect(loadConfig({ ...PRODUCTION, ...OIDC }).oidc).toEqual({
      jwksUrl: 'https://id.example.com/jwks',
      issuer: 'https://id.example.com/',
      audience: 'mail-session',
      clockToleranceSeconds: 30,
      rolesClaim: 'roles',
      nameClaim: 'preferred_username',
      maxTokenAgeSeconds: 86_400,
    });
    const custom = loadConfig({ ...PRODUCTION, ...OIDC, AUTH_CLOCK_SKEW_SECONDS: '5', AUTH_ROLES_CLAIM: 'realm_access.roles', AUTH_NAME_CLAIM: 'email' }).oidc;
    expect(custom).toMatchObject({ clockToleranceSeconds: 5, rolesClaim: 'realm_access.roles', nameClaim: 'email' });
  });

  it('requires issuer and audience with a JWKS URL', () => {
    expect(configError(() => loadConfig({ ...PRODUCTION, AUTH_JWKS_URL: OIDC.AUTH_JWKS_URL, AUTH_AUDIENCE: 'x' })).message).toMatch(/^AUTH_ISSUER: /);
    expect(configError(() => loadConfig({ ...PRODUCTION, AUTH_JWKS_URL: OIDC.AUTH_JWKS_URL, AUTH_ISSUER: 'x' })).message).toMatch(/^AUTH_AUDIENCE: /);
    expect(configError(() => loadConfig({ ...PRODUCTION, ...OIDC, AUTH_JWKS_URL: 'ftp://id.example.com/jwks' })).message).toMatch(/^AUTH_JWKS_URL: /);
  });

  it('lets production run on OpenID Connect alone, without static tokens', () => {
    const config = loadConfig({ ...PRODUCTION, AUTH_TOKENS: undefined, ...OIDC });
    expect(config.authTokens).toEqual([]);
    expect(configError(() => loadConfig({ ...PRODUCTION, AUTH_TOKENS: undefined })).message).toMatch(
      /^AUTH_TOKENS: required in production unless AUTH_JWKS_URL/,
    );
  });

  it('reads the limits and the CORS allowlist, adding Apollo Sandbox in development only', () => {
    const limits = {
      HTTP_BODY_LIMIT_BYTES: '2048',
      GRAPHQL_MAX_DEPTH: '4',
      GRAPHQL_MAX_COST: '100',
      GRAPHQL_MAX_ALIASES: '2',
      GRAPHQL_MAX_TOKENS: '200',
      GRAPHQL_MAX_DIRECTIVES: '3',
      CORS_ORIGINS: 'https://admin.example.com, http://localhost:3000',
    };
    expect(loadConfig({ ...PRODUCTION, ...limits }).httpLimits).toEqual({
      bodyLimitBytes: 2048,
      maxDepth: 4,
      maxCost: 100,
      maxAliases: 2,
      maxTokens: 200,
      maxDirectives: 3,
      corsOrigins: ['https://admin.example.com', 'http://localhost:3000'],
      corsAllowedHeaders: [],
      hideSchemaDetails: true,
      maxQueryBytes: 16_384,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      connectionTimeoutMs: 60_000,
    });
    expect(loadConfig({ ...limits, NODE_ENV: 'development' }).httpLimits.corsOrigins).toContain('https://studio.apollographql.com');
    expect(loadConfig({ ...limits, NODE_ENV: 'test' }).httpLimits.corsOrigins).not.toContain('https://studio.apollographql.com');
    expect(loadConfig({ NODE_ENV: 'development' }).httpLimits.hideSchemaDetails).toBe(false);
  });

  it.each([
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'https://admin.example.com/path'],
    ['HTTP_BODY_LIMIT_BYTES', '10'],
    ['GRAPHQL_MAX_DEPTH', '0'],
    ['AUTH_FAILURES_BEFORE_LOCKOUT', '3'],
  ])('refuses %s=%s naming the variable', (variable, value) => {
    const env = variable === 'AUTH_FAILURES_BEFORE_LOCKOUT' ? { AUTH_FAILURES_BEFORE_DELAY: '5', [variable]: value } : { [variable]: value };
    expect(configError(() => loadConfig(env)).message).toMatch(new RegExp(`^${variable}: `));
  });

  it("reads TRUST_PROXY as the proxies' addresses and networks; unset, blank or false trusts no proxy", () => {
    expect(loadConfig({ ...PRODUCTION, TRUST_PROXY: ' 10.0.0.5, 172.18.0.0/16 ,2001:db8::/32,::1 ' }).trustProxy).toEqual([
      '10.0.0.5',
      '172.18.0.0/16',
      '2001:db8::/32',
      '::1',
    ]);
    expect(loadConfig(PRODUCTION).trustProxy).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION, TRUST_PROXY: ' ' }).trustProxy).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION, TRUST_PROXY: 'False' }).trustProxy).toBeUndefined();
  });

  it.each([
    ['true, which would let any client choose its own address', 'true', /^TRUST_PROXY: true would believe X-Forwarded-For from anyone/],
    ['TRUE in capitals', 'TRUE', /^TRUST_PROXY: true would believe/],
    ['a hop count, which Fastify 5 ignores', '1', /^TRUST_PROXY: a hop count cannot tell the proxy from a client/],
    ['only commas', ' , ,', /^TRUST_PROXY: no addresses given/],
    ['a host name', 'proxy.internal', /^TRUST_PROXY: expected IP addresses or CIDR networks.*got "proxy.internal"$/],
    ['an octet over 255', '10.0.0.256', /got "10.0.0.256"$/],
    ['a short IPv4 form', '127.1', /got "127.1"$/],
    ['an IPv4 prefix over 32', '10.0.0.0/33', /got "10.0.0.0\/33"$/],
    ['a prefix of 0, which is every address', '0.0.0.0/0', /got "0.0.0.0\/0"$/],
    ['an IPv6 prefix over 128', '2001:db8::/129', /got "2001:db8::\/129"$/],
    ['an empty prefix', '10.0.0.0/', /got "10.0.0.0\/"$/],
    ['two prefixes', '10.0.0.0/8/8', /got "10.0.0.0\/8\/8"$/],
    ['a netmask instead of a prefix', '10.0.0.0/255.0.0.0', /got "10.0.0.0\/255.0.0.0"$/],
    ['an IPv6 zone', 'fe80::1%eth0', /got "fe80::1%eth0"$/],
    ['one bad entry among good ones', '10.0.0.5,10.0.0.x', /got "10.0.0.x"$/],
  ])('refuses TRUST_PROXY with %s, naming the variable', (_case, value, problem) => {
    expect(configError(() => loadConfig({ ...PRODUCTION, TRUST_PROXY: value })).message).toMatch(problem);
  });

  it('accepts every IP address and CIDR network of a valid prefix, and Fastify accepts every list it accepts', () => {
    const entry = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 32 })).map(([address, prefix]) => `${address}/${prefix}`),
      fc.tuple(fc.ipV6(), fc.integer({ min: 1, max: 128 })).map(([address, prefix]) => `${address}/${prefix}`),
    );
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), (entries) => {
        const trustProxy = loadConfig({ TRUST_PROXY: entries.join(',') }).trustProxy;
        expect(trustProxy).toEqual(entries);
        expect(() => Fastify({ trustProxy: [...(trustProxy ?? [])] })).not.toThrow();
      }),
      { numRuns: 50 },
    );
  });

  it('never hands Fastify an entry it would refuse at start-up, whatever the prefix or address form', () => {
    const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.domain());
    const entry = fc.tuple(address, fc.option(fc.integer({ min: -1, max: 140 }))).map(([a, prefix]) => (prefix === null ? a : `${a}/${prefix}`));
    fc.assert(
      fc.property(entry, (candidate) => {
        let trustProxy: readonly string[] | undefined;
        try {
          trustProxy = loadConfig({ TRUST_PROXY: candidate }).trustProxy;
        } catch (error) {
          if (error instanceof ConfigError) return;
          throw error;
        }
        expect(() => Fastify({ trustProxy: [...(trustProxy ?? [])] })).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('needs the database and the keys to rotate secrets, except on the embedded database outside production', () => {
    expect(configError(() => loadRotationConfig({ NODE_ENV: 'production', MAIL_SECRET_KEYS: `k2:${K2}` })).message).toMatch(/^DATABASE_URL: /);
    expect(configError(() => loadRotationConfig({ DATABASE_URL: PRODUCTION.DATABASE_URL })).message).toMatch(/^MAIL_SECRET_KEYS: /);
    expect(loadRotationConfig({ DATABASE_URL: PRODUCTION.DATABASE_URL, MAIL_SECRET_KEYS: `k2:${K2},k1:${K1}` }).secretKeys?.map((k) => k.id)).toEqual([
      'k2',
      'k1',
    ]);
    expect(loadRotationConfig({ DATA_DIR: '/tmp/dev' })).toMatchObject({ databaseUrl: undefined, dataDir: '/tmp/dev', secretKeys: undefined });
  });
});
