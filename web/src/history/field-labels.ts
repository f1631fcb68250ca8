/** How the history names a field, from its input path (e.g. ["outgoing", "port"]), as errors and warnings name it. */
const SIDES: Readonly<Record<string, string>> = { outgoing: 'Outgoing server', incoming: 'Incoming server', defaultSender: 'Default sender' };

const FIELDS: Readonly<Record<string, string>> = {
  host: 'host',
  port: 'port',
  security: 'security',
  user: 'user',
  password: 'password',
  protocol: 'protocol',
  deleteAfterFetch: 'delete after fetch',
  authentication: 'authentication',
  name: 'name',
  address: 'address',
  grant: 'OAuth 2.0 grant',
  tokenUrl: 'OAuth 2.0 token URL',
  clientId: 'OAuth 2.0 client id',
  clientSecret: 'OAuth 2.0 client secret',
  refreshToken: 'OAuth 2.0 refresh token',
  privateKey: 'OAuth 2.0 private key',
  scope: 'OAuth 2.0 scope',
  serviceAccountEmail: 'OAuth 2.0 service account',
};

export function fieldLabel(path: readonly string[]): string {
  if (path.length === 1 && path[0] === 'additionalProperties') return 'Additional properties';
  const [first, ...rest] = path;
  const side = first === undefined ? undefined : SIDES[first];
  if (side === undefined) return path.join(' › ');
  const parts = rest.filter((part) => part !== 'oauth2').map((part) => FIELDS[part] ?? part);
  return parts.length === 0 ? side : `${side} ${parts.join(' ')}`;
}
