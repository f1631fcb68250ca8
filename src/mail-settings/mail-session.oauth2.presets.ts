/**
 * The providers' usual OAuth 2.0 settings (issue 15): what a preset fills when the input leaves a
 * field out. Pure.
 */
import type { OAuth2Grant } from '../oauth2/oauth2-client.js';
import type { ConnectionSecurity, MailProtocol } from './mail-session.model.js';

export type OAuth2PresetName = 'MICROSOFT_365' | 'GOOGLE';

interface PresetServer {
  host: string;
  port: number;
  security: ConnectionSecurity;
}

export interface OAuth2PresetValues {
  tokenUrl: string;
  scope: string;
  /** The grant filled when neither the input nor the stored settings name one; undefined: none. */
  grant: OAuth2Grant | undefined;
  outgoing: PresetServer;
  /** By incoming protocol; POP3 undefined: the provider offers none the preset knows. */
  incoming: Partial<Record<MailProtocol, PresetServer>>;
}

/** A Microsoft Entra tenant: its id (a GUID) or one of its domain names. */
export const TENANT_ID = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/;

export function oauth2Preset(name: OAuth2PresetName, tenantId: string | undefined): OAuth2PresetValues {
  if (name === 'MICROSOFT_365') {
    return {
      tokenUrl: `https://login.microsoftonline.com/${tenantId ?? ''}/oauth2/v2.0/token`,
      scope: 'https://outlook.office365.com/.default',
      grant: 'CLIENT_CREDENTIALS',
      outgoing: { host: 'smtp.office365.com', port: 587, security: 'STARTTLS' },
      incoming: { IMAP: { host: 'outlook.office365.com', port: 993, security: 'TLS' }, POP3: { host: 'outlook.office365.com', port: 995, security: 'TLS' } },
    };
  }
  return {
    tokenUrl: 'https://oauth2.googleapis.com/token',
    scope: 'https://mail.google.com/',
    grant: undefined,
    outgoing: { host: 'smtp.gmail.com', port: 465, security: 'TLS' },
    incoming: { IMAP: { host: 'imap.gmail.com', port: 993, security: 'TLS' }, POP3: { host: 'pop.gmail.com', port: 995, security: 'TLS' } },
  };
}
