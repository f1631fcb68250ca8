import type { ConnectionSecurity, MailAuthentication, MailProtocol, OAuth2Grant, OAuth2Preset } from '../generated/graphql';
import type { Side } from './form-model';

/** What a preset fills in one server; every field stays editable. */
export interface ServerPreset {
  readonly host: string;
  readonly port: number;
  readonly security: ConnectionSecurity;
  readonly protocol?: MailProtocol;
  /** A fixed login name (SendGrid's is `apikey`); left as typed when absent. */
  readonly user?: string;
  readonly authentication: MailAuthentication;
  /** `preset`: the API's OAuth2Preset, which builds what only the administrator knows into the endpoint (Microsoft 365: the tenant). */
  readonly oauth2?: { readonly grant: OAuth2Grant; readonly tokenUrl: string; readonly scope: string; readonly preset: OAuth2Preset | null };
}

export interface Preset {
  readonly id: string;
  readonly name: string;
  /** One line on what else the provider needs (an app password, a verified sender...). */
  readonly note: string;
  readonly outgoing?: ServerPreset;
  readonly incoming?: ServerPreset;
}

// The token URL names the tenant: the form asks for it and the service builds the URL (OAuth2Preset MICROSOFT_365).
const MICROSOFT_OAUTH2 = { grant: 'CLIENT_CREDENTIALS', tokenUrl: '', scope: 'https://outlook.office365.com/.default', preset: 'MICROSOFT_365' } as const;

/** The providers administrators ask for, with their documented submission and mailbox servers. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'gmail',
    name: 'Gmail / Google Workspace',
    note: 'Sign in with an app password (2-Step Verification on), or OAuth 2.0.',
    outgoing: { host: 'smtp.gmail.com', port: 587, security: 'STARTTLS', authentication: 'PASSWORD' },
    incoming: { host: 'imap.gmail.com', port: 993, security: 'TLS', protocol: 'IMAP', authentication: 'PASSWORD' },
  },
  {
    id: 'microsoft365',
    name: 'Microsoft 365 (OAuth 2.0)',
    note: 'An Entra application with SMTP.SendAsApp / IMAP.AccessAsApp: give your tenant id, the client id and secret below.',
    outgoing: { host: 'smtp.office365.com', port: 587, security: 'STARTTLS', authentication: 'OAUTH2', oauth2: MICROSOFT_OAUTH2 },
    incoming: { host: 'outlook.office365.com', port: 993, security: 'TLS', protocol: 'IMAP', authentication: 'OAUTH2', oauth2: MICROSOFT_OAUTH2 },
  },
  {
    id: 'outlook',
    name: 'Outlook.com',
    note: 'Personal Microsoft accounts; the user is the full address.',
    outgoing: { host: 'smtp-mail.outlook.com', port: 587, security: 'STARTTLS', authentication: 'PASSWORD' },
    incoming: { host: 'outlook.office365.com', port: 993, security: 'TLS', protocol: 'IMAP', authentication: 'PASSWORD' },
  },
  {
    id: 'ses',
    name: 'Amazon SES',
    note: 'Use your region’s endpoint and the SMTP credentials made in the SES console; the sender must be verified.',
    outgoing: { host: 'email-smtp.us-east-1.amazonaws.com', port: 587, security: 'STARTTLS', authentication: 'PASSWORD' },
  },
  {
    id: 'sendgrid',
    name: 'SendGrid',
    note: 'The user is the word apikey; the password is an API key with Mail Send permission.',
    outgoing: { host: 'smtp.sendgrid.net', port: 587, security: 'STARTTLS', user: 'apikey', authentication: 'PASSWORD' },
  },
  {
    id: 'mailgun',
    name: 'Mailgun',
    note: 'The SMTP credentials of your sending domain (smtp.eu.mailgun.org for the EU region).',
    outgoing: { host: 'smtp.mailgun.org', port: 587, security: 'STARTTLS', authentication: 'PASSWORD' },
  },
  {
    id: 'local',
    name: 'Local MTA',
    note: 'A Postfix or sendmail on this machine that relays for local clients, without a login.',
    outgoing: { host: 'localhost', port: 25, security: 'NONE', authentication: 'PASSWORD' },
  },
];

export function presetsFor(side: Side): readonly Preset[] {
  return PRESETS.filter((preset) => preset[side] !== undefined);
}
