import type {
  ConnectionSecurity,
  MailAuthentication,
  MailProtocol,
  MailSessionCandidateInput,
  OAuth2ClientInput,
  OAuth2Grant,
  OAuth2Preset,
  SettingsFieldsFragment,
} from '../generated/graphql';
import { KEEP, typedSecret, type SecretEdit } from './secret-edit';

export type Side = 'outgoing' | 'incoming';

/** A server's OAuth 2.0 client as the form edits it. */
export interface OAuth2Form {
  /** MICROSOFT_365 while the Microsoft 365 preset fills the client: the service builds the token URL from `tenantId`. */
  readonly preset: OAuth2Preset | null;
  readonly tenantId: string;
  readonly grant: OAuth2Grant;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly scope: string;
  readonly serviceAccountEmail: string;
  readonly clientSecret: SecretEdit;
  readonly refreshToken: SecretEdit;
  readonly privateKey: SecretEdit;
}

/** One server as the form edits it: text as typed (a port is checked on save), secrets as edits. */
export interface ServerForm {
  readonly protocol: MailProtocol;
  readonly host: string;
  readonly port: string;
  readonly security: ConnectionSecurity;
  readonly user: string;
  readonly password: SecretEdit;
  readonly authentication: MailAuthentication;
  readonly oauth2: OAuth2Form;
  readonly deleteAfterFetch: boolean;
}

export interface PropertyRow {
  /** Stable across edits and removals, for React's keys and the rows' labels. */
  readonly id: number;
  readonly key: string;
  readonly value: string;
}

export interface SettingsForm {
  readonly outgoing: ServerForm;
  readonly incoming: ServerForm;
  readonly properties: readonly PropertyRow[];
  readonly senderName: string;
  readonly senderAddress: string;
}

export type SavedSettings = SettingsFieldsFragment;
type SavedServer = SavedSettings['outgoing'] & Partial<Pick<SavedSettings['incoming'], 'protocol' | 'deleteAfterFetch'>>;

let nextRowId = 1;
export function propertyRow(key = '', value = ''): PropertyRow {
  return { id: nextRowId++, key, value };
}

const EMPTY_OAUTH2: OAuth2Form = {
  preset: null,
  tenantId: '',
  grant: 'CLIENT_CREDENTIALS',
  tokenUrl: '',
  clientId: '',
  scope: '',
  serviceAccountEmail: '',
  clientSecret: KEEP,
  refreshToken: KEEP,
  privateKey: KEEP,
};

function serverForm(saved: SavedServer): ServerForm {
  const oauth2 = saved.oauth2;
  return {
    protocol: saved.protocol ?? 'POP3',
    host: saved.host ?? '',
    port: String(saved.port),
    security: saved.security,
    user: saved.user ?? '',
    password: KEEP,
    authentication: saved.authentication,
    oauth2: oauth2
      ? {
          ...EMPTY_OAUTH2,
          grant: oauth2.grant,
          tokenUrl: oauth2.tokenUrl,
          clientId: oauth2.clientId,
          scope: oauth2.scope ?? '',
          serviceAccountEmail: oauth2.serviceAccountEmail ?? '',
        }
      : EMPTY_OAUTH2,
    deleteAfterFetch: saved.deleteAfterFetch ?? true,
  };
}

/** The form showing `saved`, nothing changed. */
export function formOf(saved: SavedSettings): SettingsForm {
  return {
    outgoing: serverForm(saved.outgoing),
    incoming: serverForm(saved.incoming),
    properties: saved.additionalProperties.map((p) => propertyRow(p.key, p.value)),
    senderName: saved.defaultSender.name ?? '',
    senderAddress: saved.defaultSender.address ?? '',
  };
}

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

function secretInput(edit: SecretEdit): string | null | undefined {
  if (edit.kind === 'remove') return null;
  return typedSecret(edit);
}

function oauth2Input(form: OAuth2Form): OAuth2ClientInput {
  // The Microsoft 365 preset: the tenant is sent and the token URL left out, so the service builds it (and refuses a missing tenant at its field).
  const endpoint = form.preset === 'MICROSOFT_365' ? { preset: form.preset, tenantId: orNull(form.tenantId) } : { tokenUrl: orNull(form.tokenUrl) };
  return {
    grant: form.grant,
    ...endpoint,
    clientId: orNull(form.clientId),
    scope: orNull(form.scope),
    serviceAccountEmail: orNull(form.serviceAccountEmail),
    clientSecret: secretInput(form.clientSecret),
    refreshToken: secretInput(form.refreshToken),
    privateKey: secretInput(form.privateKey),
  };
}

/** A port as typed: a number the server checks (1 to 65535), or null (the usual port) when empty. */
function portInput(text: string): number | null {
  return text.trim() === '' ? null : Number(text.trim());
}

function serverInput(side: Side, form: ServerForm) {
  const password = typedSecret(form.password);
  const base = {
    host: orNull(form.host),
    port: portInput(form.port),
    security: form.security,
    user: orNull(form.user),
    authentication: form.authentication,
    ...(password === undefined ? {} : { password }),
    clearPassword: form.password.kind === 'remove',
    ...(form.authentication === 'OAUTH2' ? { oauth2: oauth2Input(form.oauth2) } : {}),
  };
  return side === 'incoming' ? { ...base, protocol: form.protocol, deleteAfterFetch: form.deleteAfterFetch } : base;
}

/**
 * Everything the form shows, as the API's input: the same for Save (`updateMailSession`, with
 * `expectedVersion`) and for "Test connection" (`testMailSession`'s candidate settings).
 */
export function candidateInput(form: SettingsForm): MailSessionCandidateInput {
  return {
    outgoing: serverInput('outgoing', form.outgoing),
    incoming: serverInput('incoming', form.incoming),
    additionalProperties: form.properties.filter((row) => row.key.trim() !== '' || row.value !== '').map((row) => ({ key: row.key.trim(), value: row.value })),
    defaultSender: { name: orNull(form.senderName), address: orNull(form.senderAddress) },
  };
}

const WHERE_IT_GOES = ['host', 'port', 'security', 'user', 'protocol'] as const;
const FIELD_NAMES: Record<(typeof WHERE_IT_GOES)[number], string> = { host: 'host', port: 'port', security: 'security', user: 'user', protocol: 'protocol' };

/**
 * Why the stored password must be typed again before Save, or undefined: the fields that decide
 * where and how it travels changed (the API refuses the save otherwise, so stored credentials never
 * go to a server someone just typed in).
 */
export function passwordReentryReason(saved: SavedServer, form: ServerForm): string | undefined {
  if (!saved.passwordSet || form.authentication !== 'PASSWORD' || form.password.kind === 'remove' || typedSecret(form.password) !== undefined) return undefined;
  const before = serverForm(saved);
  const changed = WHERE_IT_GOES.filter((field) => field !== 'protocol' || saved.protocol !== undefined).filter(
    (field) => before[field].trim() !== form[field].trim(),
  );
  if (changed.length === 0) return undefined;
  const names = changed.map((field) => FIELD_NAMES[field]).join(', ');
  return `You changed the ${names}: type the password again (or remove it), so the stored one is never sent to a server or over a connection it was not saved for.`;
}
