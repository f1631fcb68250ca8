/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Which message acknowledgeInboundMessage marks as handled */
export type AcknowledgeInboundMessageInput = {
  /** Global id of the message (InboundMessage.id) */
  id: string | number;
};

/** What a token may do */
export type CallerRole =
  /** Everything any other role may, and change the settings, test the servers, send test e-mails, retry and cancel outbound mail */
  | 'ADMIN'
  /** Read inbound mail */
  | 'RECEIVER'
  /** Send mail (sendEmail) and read the messages it sent */
  | 'SENDER'
  /** Read the settings, their history and their changes */
  | 'VIEWER';

/** Which outbound message to cancel */
export type CancelOutboundMessageInput = {
  /** Global id of the message (OutboundMessage.id); it must be QUEUED or RETRYING */
  id: string | number;
};

/** What a ConfigWarning is about; the message says it for a person, with the values involved */
export type ConfigWarningCode =
  /** Additional properties turn off (part of) the check of a server's certificate (ssl.trust, ssl.checkserveridentity) */
  | 'CERTIFICATE_CHECKS_DISABLED'
  /** importMailSessionProperties: a key that is not a mail setting, or a mail key that changes nothing here, was ignored */
  | 'IGNORED_PROPERTY'
  /** Security TLS (TLS from the first byte) on a port for plain connections upgraded with STARTTLS (e.g. 587) */
  | 'IMPLICIT_TLS_ON_PLAIN_PORT'
  /** incoming.deleteAfterFetch is false: the application that reads the mailbox leaves fetched messages on the server */
  | 'MAILBOX_KEEPS_MESSAGES'
  /** A password is set and the connection to a remote host is not sure to be encrypted (security NONE or STARTTLS_OPTIONAL) */
  | 'PASSWORD_OVER_PLAINTEXT'
  /** Security NONE or STARTTLS_OPTIONAL on a port for implicit TLS (e.g. 465): the server expects a TLS handshake first */
  | 'PLAIN_ON_TLS_PORT'
  /** The port is another protocol's usual port (e.g. 993, IMAPS, for the outgoing SMTP server) */
  | 'PORT_PROTOCOL_MISMATCH'
  /** Security STARTTLS on a port for implicit TLS (e.g. 465): the server expects a TLS handshake, not a STARTTLS command */
  | 'STARTTLS_ON_TLS_PORT';

/** How the connection to a mail server is secured */
export type ConnectionSecurity =
  /** Plain connection, never upgraded */
  | 'NONE'
  /** Upgraded with STARTTLS; the connection fails if the server does not offer it */
  | 'STARTTLS'
  /** Upgraded with STARTTLS (STLS for POP3) when the server offers it */
  | 'STARTTLS_OPTIONAL'
  /** Implicit TLS from the first byte (SMTPS 465, IMAPS 993, POP3S 995) */
  | 'TLS';

/** Changes to the From used when a message names none; fields left out keep their values */
export type DefaultSenderInput = {
  /** Left out: kept. null: unset (the SMTP check and test e-mails then have no sender) */
  address?: string | null | undefined;
  /** Display name, 1 to 200 characters. Left out: kept. null: unset */
  name?: string | null | undefined;
};

/** Where a stored inbound message stands with the application */
export type InboundMessageStatus =
  /** The application said it has handled the message (acknowledgeInboundMessage) */
  | 'ACKNOWLEDGED'
  /** Stored and not yet acknowledged: the application has work to do */
  | 'NEW'
  /** Not taken in (see refusedReason, e.g. larger than INBOUND_MAX_MESSAGE_BYTES): recorded with its headers, left on the mail server; cannot be acknowledged */
  | 'REFUSED';

/** Changes to the incoming (POP3 or IMAP) server; fields left out keep their values */
export type IncomingServerInput = {
  /** How the server is signed in to. Left out: kept (OAUTH2 when oauth2.preset is given). null: the default, PASSWORD. OAUTH2 needs a user and a complete oauth2 client */
  authentication?: MailAuthentication | null | undefined;
  /** true removes the stored password; not together with password */
  clearPassword?: boolean;
  /** Whether the application that reads the mailbox deletes fetched messages. Left out: kept. null: the default, true */
  deleteAfterFetch?: boolean | null | undefined;
  /** Host name or IP address. Left out: kept. null: unset (the server is not used) */
  host?: string | null | undefined;
  /** Changes to the OAuth 2.0 client. Left out or null: kept as it is */
  oauth2?: OAuth2ClientInput | null | undefined;
  /** Write-only, 1 to 1024 characters. Left out or null: kept (remove it with clearPassword). A value: replaced. Must be given again when host, port, security, user, the incoming protocol, or a property that decides how the password travels (ssl.trust, ssl.checkserveridentity, ssl.protocols, auth.mechanisms, auth.*.disable) changes. */
  password?: string | null | undefined;
  /** TCP port, 1 to 65535. Left out: kept. null: the default port of the protocol and security in force after the change (SMTP 25, or 465 with TLS; POP3 110, or 995 with TLS; IMAP 143, or 993 with TLS) */
  port?: number | null | undefined;
  /** Left out: kept. null: the default, POP3 */
  protocol?: MailProtocol | null | undefined;
  /** How the connection is secured. Left out: kept. null: the default, NONE */
  security?: ConnectionSecurity | null | undefined;
  /** Login name, 1 to 320 characters. Left out: kept. null: unset (no login) */
  user?: string | null | undefined;
};

/** How a test logged in: an SMTP SASL mechanism, or POP3 USER/PASS */
export type MailAuthMechanism =
  /** SASL CRAM-MD5 (RFC 2195): a keyed hash of a challenge; the password does not travel */
  | 'CRAM_MD5'
  /** SASL LOGIN: user and password in two base64 lines */
  | 'LOGIN'
  /** SASL OAUTHBEARER (RFC 7628): the user and an OAuth 2.0 access token */
  | 'OAUTHBEARER'
  /** SASL PLAIN (RFC 4616): user and password in one base64 line */
  | 'PLAIN'
  /** POP3 USER and PASS commands (RFC 1939) */
  | 'USER_PASS'
  /** SASL XOAUTH2 (Google's and Microsoft's): the user and an OAuth 2.0 access token */
  | 'XOAUTH2';

/** How a mail server is signed in to */
export type MailAuthentication =
  /** With an OAuth 2.0 access token for the server's user (SASL XOAUTH2 or OAUTHBEARER); see oauth2 */
  | 'OAUTH2'
  /** With the server's user and password (SASL PLAIN, LOGIN, CRAM-MD5, or POP3 USER/PASS) */
  | 'PASSWORD';

/** Why a step of a mail server test failed */
export type MailCheckFailureCode =
  /** Every address of the host is refused by this service's network policy (MAIL_NETWORK_DENY, MAIL_NETWORK_ALLOW); nothing was connected */
  | 'ADDRESS_NOT_ALLOWED'
  /** The server refused the user name or password (or the OAuth 2.0 access token, twice), or none is set */
  | 'AUTH_FAILED'
  /** The server offers no authentication mechanism this service will use */
  | 'AUTH_UNAVAILABLE'
  /** The certificate has expired or is not yet valid */
  | 'CERTIFICATE_EXPIRED'
  /** The certificate is not issued for the configured host */
  | 'CERTIFICATE_NAME_MISMATCH'
  /** The certificate does not chain to a trusted authority (e.g. self-signed) */
  | 'CERTIFICATE_UNTRUSTED'
  /** The server refuses this service's address at connect (e.g. 554 5.7.1 Client host rejected) */
  | 'CLIENT_REJECTED'
  /** The server closed the connection mid-dialogue */
  | 'CONNECTION_CLOSED'
  /** Nothing listens on the port, or a firewall rejects the connection */
  | 'CONNECTION_REFUSED'
  /** The resolver failed for another reason (unreachable, SERVFAIL) */
  | 'DNS_FAILED'
  /** The host name does not resolve (NXDOMAIN) */
  | 'HOST_NOT_FOUND'
  /** Logged in, but the mailbox (INBOX) could not be opened */
  | 'MAILBOX_UNAVAILABLE'
  /** The SMTP server accepted the envelope but refused the message itself (DATA) */
  | 'MESSAGE_REFUSED'
  /** No route to the host from this service */
  | 'NETWORK_UNREACHABLE'
  /** The server does not speak the expected protocol, or answered unexpectedly */
  | 'PROTOCOL_ERROR'
  /** The SMTP server refuses the recipient (RCPT TO), e.g. an unknown user or no relaying for this service */
  | 'RECIPIENT_REFUSED'
  /** No default sender address (or mail.smtp.from) to send from */
  | 'SENDER_NOT_SET'
  /** The SMTP server refuses the sender address (at MAIL FROM, or at RCPT TO as Postfix does): mail would be lost */
  | 'SENDER_REFUSED'
  /** The stored settings cannot be used (e.g. a password that no longer decrypts) */
  | 'SETTINGS_INVALID'
  /** Security STARTTLS is required but the server does not offer or refuses it */
  | 'STARTTLS_UNAVAILABLE'
  /** A step exceeded its time limit, or the whole test's */
  | 'TIMEOUT'
  /** No TLS session could be set up (plain port, no common version or cipher) */
  | 'TLS_HANDSHAKE_FAILED'
  /** OAuth 2.0: no access token could be obtained (endpoint unreachable, TLS, the provider's error such as invalid_client or invalid_grant) */
  | 'TOKEN_FAILED'
  /** Application mail: the outgoing transport was DISABLED (no SMTP server configured) or FAILED when the message was to be sent; it is retried */
  | 'TRANSPORT_UNAVAILABLE';

/** One step of a mail server test, in the order they run */
export type MailCheckStepName =
  /** Logged in with the user and password (or XOAUTH2/OAUTHBEARER with the access token), or skipped when there is no user */
  | 'AUTHENTICATION'
  /** The host name resolved, to addresses the network policy allows */
  | 'DNS'
  /** SMTP and POP3: the server's greeting, with EHLO or CAPA (IMAP reports its greeting with AUTHENTICATION) */
  | 'GREETING'
  /** POP3 STAT or IMAP STATUS INBOX answered */
  | 'MAILBOX'
  /** SMTP: MAIL FROM and RCPT TO were accepted, then RSET (nothing is sent) */
  | 'SENDER'
  /** The settings could be turned into a connection (only reported when they cannot) */
  | 'SETTINGS'
  /** A TCP connection was opened */
  | 'TCP'
  /** TLS was set up (implicit, or by STARTTLS/STLS), or skipped when not wanted or not offered */
  | 'TLS'
  /** OAuth 2.0 servers only: an access token was obtained from the token endpoint (reached, TLS verified, grant accepted, scope, expiry) */
  | 'TOKEN';

/** An additional JavaMail property (see the README for the supported keys) */
export type MailPropertyInput = {
  /** Property key, e.g. mail.smtp.timeout; 1 to 200 characters, trimmed */
  key: string;
  /** Property value, at most 1000 characters, trimmed */
  value: string;
};

/** Protocol of the incoming mail server */
export type MailProtocol =
  /** Internet Message Access Protocol (RFC 9051): port 143, or 993 with implicit TLS */
  | 'IMAP'
  /** Post Office Protocol 3 (RFC 1939): port 110, or 995 with implicit TLS */
  | 'POP3';

/** The protocol a tested server speaks */
export type MailServerProtocol =
  /** An incoming IMAP server */
  | 'IMAP'
  /** An incoming POP3 server */
  | 'POP3'
  /** The outgoing server */
  | 'SMTP';

/** Settings to apply over the saved ones: fields left out keep their values */
export type MailSessionCandidateInput = {
  /** Replaces the whole list. Left out: kept. null or []: cleared */
  additionalProperties?: Array<MailPropertyInput> | null | undefined;
  /** Left out or null: the default sender is kept as it is */
  defaultSender?: DefaultSenderInput | null | undefined;
  /** Left out or null: the incoming server is kept as it is */
  incoming?: IncomingServerInput | null | undefined;
  /** Left out or null: the outgoing server is kept as it is */
  outgoing?: OutgoingServerInput | null | undefined;
};

/** Where the settings in force come from */
export type MailSessionSource =
  /** The database: changed through the API (possibly seeded once from the environment or a file) */
  | 'DATABASE'
  /** MAIL_* environment variables, applied on every start (MAIL_SESSION_MANAGED=true); the API cannot change them */
  | 'ENVIRONMENT'
  /** The properties file named by MAIL_SESSION_PROPERTIES_FILE, applied on every start (MAIL_SESSION_MANAGED=true); the API cannot change them */
  | 'FILE';

/** Changes to a server's OAuth 2.0 client; fields left out keep their values */
export type OAuth2ClientInput = {
  /** The client (application) id, 1 to 500 characters. Left out: kept. Required with OAUTH2 */
  clientId?: string | null | undefined;
  /** Write-only, 1 to 4096 characters: the client secret (CLIENT_CREDENTIALS; REFRESH_TOKEN for a confidential client). Left out: kept. null: removed */
  clientSecret?: string | null | undefined;
  /** How access tokens are obtained. Left out: kept (or the preset). Required with OAUTH2 */
  grant?: OAuth2Grant | null | undefined;
  /** Fills tokenUrl, scope, the grant (MICROSOFT_365: CLIENT_CREDENTIALS) and the server's host, port and security for the fields this input leaves out. Not stored */
  preset?: OAuth2Preset | null | undefined;
  /** Write-only, at most 16384 characters: the service account's private key, PEM (PKCS#8) (JWT_BEARER). Left out: kept. null: removed */
  privateKey?: string | null | undefined;
  /** Write-only, 1 to 8192 characters: the refresh token (REFRESH_TOKEN). Left out: kept. null: removed */
  refreshToken?: string | null | undefined;
  /** Space-separated scopes, 1 to 2000 characters. Left out: kept (or the preset). null: none sent */
  scope?: string | null | undefined;
  /** JWT_BEARER: the service account's e-mail (the assertion's issuer). Left out: kept. null: unset */
  serviceAccountEmail?: string | null | undefined;
  /** MICROSOFT_365: the Microsoft Entra tenant id (a GUID) or one of its domain names. Not stored */
  tenantId?: string | null | undefined;
  /** The token endpoint, an https URL. Left out: kept (or the preset). Required with OAUTH2 */
  tokenUrl?: string | null | undefined;
};

/** How the service obtains access tokens from the token endpoint */
export type OAuth2Grant =
  /** grant_type=client_credentials with the client id and secret (Microsoft 365 app-only access); needs clientSecret */
  | 'CLIENT_CREDENTIALS'
  /** RFC 7523 JWT bearer assertion signed with a service account's key (Google domain-wide delegation); needs privateKey and serviceAccountEmail */
  | 'JWT_BEARER'
  /** grant_type=refresh_token with a refresh token an administrator obtained once (Google user consent); needs refreshToken, and clientSecret for a confidential client */
  | 'REFRESH_TOKEN';

/** A provider's usual token endpoint, scope and server; each field given in the input overrides the preset's */
export type OAuth2Preset =
  /** Google Workspace and Gmail: token URL https://oauth2.googleapis.com/token, scope https://mail.google.com/, smtp.gmail.com:465 TLS, imap.gmail.com:993 TLS */
  | 'GOOGLE'
  /** Microsoft 365 (Exchange Online): token URL https://login.microsoftonline.com/<tenantId>/oauth2/v2.0/token, scope https://outlook.office365.com/.default, grant CLIENT_CREDENTIALS, smtp.office365.com:587 STARTTLS, outlook.office365.com:993 TLS; needs tenantId */
  | 'MICROSOFT_365';

/** Where an outbound message is: waiting, being sent, or in one of its final states (SENT, FAILED, CANCELLED) */
export type OutboundStatus =
  /** Cancelled by an admin before it was sent; an admin may retry it */
  | 'CANCELLED'
  /** Refused for good (5xx), or still failing after the last attempt: lastError says why; an admin may retry it */
  | 'FAILED'
  /** Accepted and waiting for its first attempt (or for a retry an admin asked for) */
  | 'QUEUED'
  /** An attempt failed for a reason that may pass (4xx, connection, timeout, transport down); the next one is due at nextAttemptAt */
  | 'RETRYING'
  /** An instance is sending it now */
  | 'SENDING'
  /** The server accepted it for at least one recipient (rejectedRecipients lists any it refused) */
  | 'SENT';

/** Changes to the outgoing (SMTP) server; fields left out keep their values */
export type OutgoingServerInput = {
  /** How the server is signed in to. Left out: kept (OAUTH2 when oauth2.preset is given). null: the default, PASSWORD. OAUTH2 needs a user and a complete oauth2 client */
  authentication?: MailAuthentication | null | undefined;
  /** true removes the stored password; not together with password */
  clearPassword?: boolean;
  /** Host name or IP address. Left out: kept. null: unset (the server is not used) */
  host?: string | null | undefined;
  /** Changes to the OAuth 2.0 client. Left out or null: kept as it is */
  oauth2?: OAuth2ClientInput | null | undefined;
  /** Write-only, 1 to 1024 characters. Left out or null: kept (remove it with clearPassword). A value: replaced. Must be given again when host, port, security, user, the incoming protocol, or a property that decides how the password travels (ssl.trust, ssl.checkserveridentity, ssl.protocols, auth.mechanisms, auth.*.disable) changes. */
  password?: string | null | undefined;
  /** TCP port, 1 to 65535. Left out: kept. null: the default port of the protocol and security in force after the change (SMTP 25, or 465 with TLS; POP3 110, or 995 with TLS; IMAP 143, or 993 with TLS) */
  port?: number | null | undefined;
  /** How the connection is secured. Left out: kept. null: the default, NONE */
  security?: ConnectionSecurity | null | undefined;
  /** Login name, 1 to 320 characters. Left out: kept. null: unset (no login) */
  user?: string | null | undefined;
};

/** Which revision restoreMailSession puts back */
export type RestoreMailSessionInput = {
  /** Refuse (CONFLICT) unless the settings are still at this version; null or left out: restore whatever the current version is */
  expectedVersion?: number | null | undefined;
  /** Version of the revision to restore (MailSessionRevision.version) */
  version: number;
};

/** Which outbound message to retry */
export type RetryOutboundMessageInput = {
  /** Global id of the message (OutboundMessage.id); it must be FAILED or CANCELLED */
  id: string | number;
};

/** What a change did to a password or an OAuth 2.0 secret; history records nothing more about it */
export type SecretChange =
  /** The stored secret was replaced by another */
  | 'CHANGED'
  /** The stored secret was removed */
  | 'REMOVED'
  /** A secret was stored where there was none */
  | 'SET';

/** Where sendTestEmail sends its test message */
export type SendTestEmailInput = {
  /** The recipient of the test message */
  to: string;
};

/** What testMailSession tests: the saved settings, or candidate settings merged over them */
export type TestMailSessionInput = {
  /** RCPT TO of the sender check (MAIL FROM, RCPT TO, RSET: nothing is sent). Left out or null: the sender itself */
  recipient?: string | null | undefined;
  /** Candidate settings, merged over the saved ones by the rules of updateMailSession (a changed host, port, security or user needs its password again). Left out or null: the saved settings are tested */
  settings?: MailSessionCandidateInput | null | undefined;
};

/** A partial update: fields left out keep their values */
export type UpdateMailSessionInput = {
  /** Replaces the whole list. Left out: kept. null or []: cleared */
  additionalProperties?: Array<MailPropertyInput> | null | undefined;
  /** Left out or null: the default sender is kept as it is */
  defaultSender?: DefaultSenderInput | null | undefined;
  /** Refuse the update (CONFLICT) unless the settings are still at this version. Left out or null: no check */
  expectedVersion?: number | null | undefined;
  /** Left out or null: the incoming server is kept as it is */
  incoming?: IncomingServerInput | null | undefined;
  /** Left out or null: the outgoing server is kept as it is */
  outgoing?: OutgoingServerInput | null | undefined;
};

export type ConsoleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleViewerQuery = { viewer: { name: string, roles: Array<CallerRole> } };

export type ConsoleMailSessionChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleMailSessionChangedSubscription = { mailSessionChanged: { id: string, version: number, updatedAt: string, updatedBy: string | null, source: MailSessionSource } };

export type ConsoleLatestVersionQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleLatestVersionQuery = { mailSession: { id: string, version: number, updatedAt: string, updatedBy: string | null, source: MailSessionSource } };

export type InboundRowFragment = { id: string, status: InboundMessageStatus, to: Array<string>, subject: string | null, receivedAt: string, acknowledgedAt: string | null, acknowledgedBy: string | null, from: { name: string | null, address: string | null } | null };

export type InboundDetailFragment = { mailbox: string, messageId: string | null, cc: Array<string>, date: string | null, size: number, text: string | null, html: string | null, unparseable: boolean, refusedReason: string | null, id: string, status: InboundMessageStatus, to: Array<string>, subject: string | null, receivedAt: string, acknowledgedAt: string | null, acknowledgedBy: string | null, headers: Array<{ name: string, value: string }>, attachments: Array<{ filename: string | null, contentType: string, size: number }>, from: { name: string | null, address: string | null } | null };

export type ConsoleInboundMessagesQueryVariables = Exact<{
  status?: InboundMessageStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ConsoleInboundMessagesQuery = { inboundMessages: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, status: InboundMessageStatus, to: Array<string>, subject: string | null, receivedAt: string, acknowledgedAt: string | null, acknowledgedBy: string | null, from: { name: string | null, address: string | null } | null } }> } };

export type ConsoleInboundMessageQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleInboundMessageQuery = { inboundMessage: { mailbox: string, messageId: string | null, cc: Array<string>, date: string | null, size: number, text: string | null, html: string | null, unparseable: boolean, refusedReason: string | null, id: string, status: InboundMessageStatus, to: Array<string>, subject: string | null, receivedAt: string, acknowledgedAt: string | null, acknowledgedBy: string | null, headers: Array<{ name: string, value: string }>, attachments: Array<{ filename: string | null, contentType: string, size: number }>, from: { name: string | null, address: string | null } | null } | null };

export type ConsoleAcknowledgeInboundMessageMutationVariables = Exact<{
  input: AcknowledgeInboundMessageInput;
}>;


export type ConsoleAcknowledgeInboundMessageMutation = { acknowledgeInboundMessage: { acknowledgedNow: boolean, inboundMessage: { id: string, status: InboundMessageStatus, to: Array<string>, subject: string | null, receivedAt: string, acknowledgedAt: string | null, acknowledgedBy: string | null, from: { name: string | null, address: string | null } | null } } };

export type ConsoleInboundMessageReceivedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleInboundMessageReceivedSubscription = { inboundMessageReceived: { id: string, status: InboundMessageStatus, to: Array<string>, subject: string | null, receivedAt: string, acknowledgedAt: string | null, acknowledgedBy: string | null, from: { name: string | null, address: string | null } | null } };

export type CheckReportFieldsFragment = { protocol: MailServerProtocol, host: string | null, port: number, security: ConnectionSecurity, tested: boolean, ok: boolean, steps: Array<{ name: MailCheckStepName, ok: boolean, skipped: boolean, durationMs: number, code: MailCheckFailureCode | null, message: string, greeting: string | null, authMechanism: MailAuthMechanism | null, sender: string | null, recipient: string | null, messageCount: number | null, tls: { protocol: string | null, verified: boolean } | null }> };

export type ConsoleTestMailSessionMutationVariables = Exact<{
  input: TestMailSessionInput;
}>;


export type ConsoleTestMailSessionMutation = { testMailSession: { ok: boolean, candidate: boolean, durationMs: number, outgoing: { protocol: MailServerProtocol, host: string | null, port: number, security: ConnectionSecurity, tested: boolean, ok: boolean, steps: Array<{ name: MailCheckStepName, ok: boolean, skipped: boolean, durationMs: number, code: MailCheckFailureCode | null, message: string, greeting: string | null, authMechanism: MailAuthMechanism | null, sender: string | null, recipient: string | null, messageCount: number | null, tls: { protocol: string | null, verified: boolean } | null }> }, incoming: { protocol: MailServerProtocol, host: string | null, port: number, security: ConnectionSecurity, tested: boolean, ok: boolean, steps: Array<{ name: MailCheckStepName, ok: boolean, skipped: boolean, durationMs: number, code: MailCheckFailureCode | null, message: string, greeting: string | null, authMechanism: MailAuthMechanism | null, sender: string | null, recipient: string | null, messageCount: number | null, tls: { protocol: string | null, verified: boolean } | null }> } } };

export type ConsoleSendTestEmailMutationVariables = Exact<{
  input: SendTestEmailInput;
}>;


export type ConsoleSendTestEmailMutation = { sendTestEmail: { accepted: Array<string>, rejected: Array<string>, response: string, messageId: string } };

export type ConsoleMailSessionHistoryQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ConsoleMailSessionHistoryQuery = { mailSessionHistory: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, version: number, changedAt: string, changedBy: string, changes: Array<
          | { __typename: 'BooleanFieldChange', oldBoolean: boolean, newBoolean: boolean, field: Array<string> }
          | { __typename: 'ConnectionSecurityFieldChange', oldSecurity: ConnectionSecurity, newSecurity: ConnectionSecurity, field: Array<string> }
          | { __typename: 'EmailAddressFieldChange', oldAddress: string | null, newAddress: string | null, field: Array<string> }
          | { __typename: 'IntFieldChange', oldInt: number, newInt: number, field: Array<string> }
          | { __typename: 'MailAuthenticationFieldChange', oldAuthentication: MailAuthentication, newAuthentication: MailAuthentication, field: Array<string> }
          | { __typename: 'MailPropertiesFieldChange', field: Array<string>, oldProperties: Array<{ key: string, value: string }>, newProperties: Array<{ key: string, value: string }> }
          | { __typename: 'MailProtocolFieldChange', oldProtocol: MailProtocol, newProtocol: MailProtocol, field: Array<string> }
          | { __typename: 'OAuth2GrantFieldChange', oldGrant: OAuth2Grant | null, newGrant: OAuth2Grant | null, field: Array<string> }
          | { __typename: 'SecretFieldChange', change: SecretChange, field: Array<string> }
          | { __typename: 'StringFieldChange', oldString: string | null, newString: string | null, field: Array<string> }
        > } }> } };

export type ConsoleRestoreMailSessionMutationVariables = Exact<{
  input: RestoreMailSessionInput;
}>;


export type ConsoleRestoreMailSessionMutation = { restoreMailSession: { mailSession: { id: string, version: number, updatedAt: string, updatedBy: string | null, source: MailSessionSource, outgoing: { host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean, authentication: MailAuthentication, oauth2: { grant: OAuth2Grant, tokenUrl: string, clientId: string, scope: string | null, serviceAccountEmail: string | null, clientSecretSet: boolean, refreshTokenSet: boolean, privateKeySet: boolean } | null }, incoming: { protocol: MailProtocol, host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean, deleteAfterFetch: boolean, authentication: MailAuthentication, oauth2: { grant: OAuth2Grant, tokenUrl: string, clientId: string, scope: string | null, serviceAccountEmail: string | null, clientSecretSet: boolean, refreshTokenSet: boolean, privateKeySet: boolean } | null }, additionalProperties: Array<{ key: string, value: string }>, defaultSender: { name: string | null, address: string | null } }, warnings: Array<{ code: ConfigWarningCode, field: Array<string>, message: string }>, revision: { id: string, version: number } | null } };

export type SettingsFieldsFragment = { id: string, version: number, updatedAt: string, updatedBy: string | null, source: MailSessionSource, outgoing: { host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean, authentication: MailAuthentication, oauth2: { grant: OAuth2Grant, tokenUrl: string, clientId: string, scope: string | null, serviceAccountEmail: string | null, clientSecretSet: boolean, refreshTokenSet: boolean, privateKeySet: boolean } | null }, incoming: { protocol: MailProtocol, host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean, deleteAfterFetch: boolean, authentication: MailAuthentication, oauth2: { grant: OAuth2Grant, tokenUrl: string, clientId: string, scope: string | null, serviceAccountEmail: string | null, clientSecretSet: boolean, refreshTokenSet: boolean, privateKeySet: boolean } | null }, additionalProperties: Array<{ key: string, value: string }>, defaultSender: { name: string | null, address: string | null } };

export type ConsoleMailSessionQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleMailSessionQuery = { mailSession: { id: string, version: number, updatedAt: string, updatedBy: string | null, source: MailSessionSource, outgoing: { host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean, authentication: MailAuthentication, oauth2: { grant: OAuth2Grant, tokenUrl: string, clientId: string, scope: string | null, serviceAccountEmail: string | null, clientSecretSet: boolean, refreshTokenSet: boolean, privateKeySet: boolean } | null }, incoming: { protocol: MailProtocol, host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean, deleteAfterFetch: boolean, authentication: MailAuthentication, oauth2: { grant: OAuth2Grant, tokenUrl: string, clientId: string, scope: string | null, serviceAccountEmail: string | null, clientSecretSet: boolean, refreshTokenSet: boolean, privateKeySet: boolean } | null }, additionalProperties: Array<{ key: string, value: string }>, defaultSender: { name: string | null, address: string | null } } };

export type ConsoleUpdateMailSessionMutationVariables = Exact<{
  input: UpdateMailSessionInput;
}>;


export type ConsoleUpdateMailSessionMutation = { updateMailSession: { mailSession: { id: string, version: number, updatedAt: string, updatedBy: string | null, source: MailSessionSource, outgoing: { host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean, authentication: MailAuthentication, oauth2: { grant: OAuth2Grant, tokenUrl: string, clientId: string, scope: string | null, serviceAccountEmail: string | null, clientSecretSet: boolean, refreshTokenSet: boolean, privateKeySet: boolean } | null }, incoming: { protocol: MailProtocol, host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean, deleteAfterFetch: boolean, authentication: MailAuthentication, oauth2: { grant: OAuth2Grant, tokenUrl: string, clientId: string, scope: string | null, serviceAccountEmail: string | null, clientSecretSet: boolean, refreshTokenSet: boolean, privateKeySet: boolean } | null }, additionalProperties: Array<{ key: string, value: string }>, defaultSender: { name: string | null, address: string | null } }, warnings: Array<{ code: ConfigWarningCode, field: Array<string>, message: string }> } };

export type OutboundRowFragment = { id: string, status: OutboundStatus, attempts: number, nextAttemptAt: string | null, to: Array<string>, subject: string, createdBy: string, acceptedAt: string, sentAt: string | null, lastError: { code: MailCheckFailureCode | null, message: string, reply: string | null } | null };

export type ConsoleOutboundMessagesQueryVariables = Exact<{
  status?: OutboundStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ConsoleOutboundMessagesQuery = { outboundMessages: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, status: OutboundStatus, attempts: number, nextAttemptAt: string | null, to: Array<string>, subject: string, createdBy: string, acceptedAt: string, sentAt: string | null, lastError: { code: MailCheckFailureCode | null, message: string, reply: string | null } | null } }> } };

export type ConsoleRetryOutboundMessageMutationVariables = Exact<{
  input: RetryOutboundMessageInput;
}>;


export type ConsoleRetryOutboundMessageMutation = { retryOutboundMessage: { message: { id: string, status: OutboundStatus, attempts: number, nextAttemptAt: string | null, to: Array<string>, subject: string, createdBy: string, acceptedAt: string, sentAt: string | null, lastError: { code: MailCheckFailureCode | null, message: string, reply: string | null } | null } } };

export type ConsoleCancelOutboundMessageMutationVariables = Exact<{
  input: CancelOutboundMessageInput;
}>;


export type ConsoleCancelOutboundMessageMutation = { cancelOutboundMessage: { message: { id: string, status: OutboundStatus, attempts: number, nextAttemptAt: string | null, to: Array<string>, subject: string, createdBy: string, acceptedAt: string, sentAt: string | null, lastError: { code: MailCheckFailureCode | null, message: string, reply: string | null } | null } } };

export const InboundRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedBy"}}]}}]} as unknown as DocumentNode<InboundRowFragment, unknown>;
export const InboundDetailFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboundDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboundRow"}},{"kind":"Field","name":{"kind":"Name","value":"mailbox"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"cc"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"headers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"html"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unparseable"}},{"kind":"Field","name":{"kind":"Name","value":"refusedReason"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedBy"}}]}}]} as unknown as DocumentNode<InboundDetailFragment, unknown>;
export const CheckReportFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CheckReportFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ServerCheckReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"tested"}},{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"greeting"}},{"kind":"Field","name":{"kind":"Name","value":"authMechanism"}},{"kind":"Field","name":{"kind":"Name","value":"sender"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"tls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"verified"}}]}}]}}]}}]} as unknown as DocumentNode<CheckReportFieldsFragment, unknown>;
export const SettingsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MailSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"outgoing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"authentication"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"serviceAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenSet"}},{"kind":"Field","name":{"kind":"Name","value":"privateKeySet"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"incoming"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"deleteAfterFetch"}},{"kind":"Field","name":{"kind":"Name","value":"authentication"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"serviceAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenSet"}},{"kind":"Field","name":{"kind":"Name","value":"privateKeySet"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"additionalProperties"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultSender"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]} as unknown as DocumentNode<SettingsFieldsFragment, unknown>;
export const OutboundRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OutboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OutboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"reply"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}}]} as unknown as DocumentNode<OutboundRowFragment, unknown>;
export const ConsoleViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}}]}}]}}]} as unknown as DocumentNode<ConsoleViewerQuery, ConsoleViewerQueryVariables>;
export const ConsoleMailSessionChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleMailSessionChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailSessionChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]} as unknown as DocumentNode<ConsoleMailSessionChangedSubscription, ConsoleMailSessionChangedSubscriptionVariables>;
export const ConsoleLatestVersionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleLatestVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]} as unknown as DocumentNode<ConsoleLatestVersionQuery, ConsoleLatestVersionQueryVariables>;
export const ConsoleInboundMessagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleInboundMessages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InboundMessageStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inboundMessages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboundRow"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedBy"}}]}}]} as unknown as DocumentNode<ConsoleInboundMessagesQuery, ConsoleInboundMessagesQueryVariables>;
export const ConsoleInboundMessageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleInboundMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inboundMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboundDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedBy"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboundDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboundRow"}},{"kind":"Field","name":{"kind":"Name","value":"mailbox"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"cc"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"headers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"html"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unparseable"}},{"kind":"Field","name":{"kind":"Name","value":"refusedReason"}}]}}]} as unknown as DocumentNode<ConsoleInboundMessageQuery, ConsoleInboundMessageQueryVariables>;
export const ConsoleAcknowledgeInboundMessageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleAcknowledgeInboundMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AcknowledgeInboundMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acknowledgeInboundMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acknowledgedNow"}},{"kind":"Field","name":{"kind":"Name","value":"inboundMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboundRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedBy"}}]}}]} as unknown as DocumentNode<ConsoleAcknowledgeInboundMessageMutation, ConsoleAcknowledgeInboundMessageMutationVariables>;
export const ConsoleInboundMessageReceivedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleInboundMessageReceived"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inboundMessageReceived"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboundRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedBy"}}]}}]} as unknown as DocumentNode<ConsoleInboundMessageReceivedSubscription, ConsoleInboundMessageReceivedSubscriptionVariables>;
export const ConsoleTestMailSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleTestMailSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TestMailSessionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testMailSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"candidate"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"outgoing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CheckReportFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"incoming"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CheckReportFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CheckReportFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ServerCheckReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"tested"}},{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"greeting"}},{"kind":"Field","name":{"kind":"Name","value":"authMechanism"}},{"kind":"Field","name":{"kind":"Name","value":"sender"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"tls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"verified"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleTestMailSessionMutation, ConsoleTestMailSessionMutationVariables>;
export const ConsoleSendTestEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSendTestEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendTestEmailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendTestEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accepted"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"response"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}}]}}]}}]} as unknown as DocumentNode<ConsoleSendTestEmailMutation, ConsoleSendTestEmailMutationVariables>;
export const ConsoleMailSessionHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleMailSessionHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailSessionHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"changedBy"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StringFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldString"}},{"kind":"Field","name":{"kind":"Name","value":"newString"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailAddressFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldAddress"}},{"kind":"Field","name":{"kind":"Name","value":"newAddress"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IntFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldInt"}},{"kind":"Field","name":{"kind":"Name","value":"newInt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BooleanFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldBoolean"}},{"kind":"Field","name":{"kind":"Name","value":"newBoolean"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConnectionSecurityFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldSecurity"}},{"kind":"Field","name":{"kind":"Name","value":"newSecurity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MailProtocolFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldProtocol"}},{"kind":"Field","name":{"kind":"Name","value":"newProtocol"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MailAuthenticationFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldAuthentication"}},{"kind":"Field","name":{"kind":"Name","value":"newAuthentication"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OAuth2GrantFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldGrant"}},{"kind":"Field","name":{"kind":"Name","value":"newGrant"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MailPropertiesFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldProperties"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"newProperties"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SecretFieldChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"change"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleMailSessionHistoryQuery, ConsoleMailSessionHistoryQueryVariables>;
export const ConsoleRestoreMailSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRestoreMailSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RestoreMailSessionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restoreMailSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SettingsFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MailSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"outgoing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"authentication"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"serviceAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenSet"}},{"kind":"Field","name":{"kind":"Name","value":"privateKeySet"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"incoming"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"deleteAfterFetch"}},{"kind":"Field","name":{"kind":"Name","value":"authentication"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"serviceAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenSet"}},{"kind":"Field","name":{"kind":"Name","value":"privateKeySet"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"additionalProperties"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultSender"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]} as unknown as DocumentNode<ConsoleRestoreMailSessionMutation, ConsoleRestoreMailSessionMutationVariables>;
export const ConsoleMailSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleMailSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MailSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"outgoing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"authentication"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"serviceAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenSet"}},{"kind":"Field","name":{"kind":"Name","value":"privateKeySet"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"incoming"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"deleteAfterFetch"}},{"kind":"Field","name":{"kind":"Name","value":"authentication"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"serviceAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenSet"}},{"kind":"Field","name":{"kind":"Name","value":"privateKeySet"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"additionalProperties"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultSender"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]} as unknown as DocumentNode<ConsoleMailSessionQuery, ConsoleMailSessionQueryVariables>;
export const ConsoleUpdateMailSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateMailSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateMailSessionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateMailSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SettingsFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MailSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"outgoing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"authentication"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"serviceAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenSet"}},{"kind":"Field","name":{"kind":"Name","value":"privateKeySet"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"incoming"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"deleteAfterFetch"}},{"kind":"Field","name":{"kind":"Name","value":"authentication"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"serviceAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenSet"}},{"kind":"Field","name":{"kind":"Name","value":"privateKeySet"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"additionalProperties"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultSender"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]} as unknown as DocumentNode<ConsoleUpdateMailSessionMutation, ConsoleUpdateMailSessionMutationVariables>;
export const ConsoleOutboundMessagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleOutboundMessages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OutboundStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outboundMessages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OutboundRow"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OutboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OutboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"reply"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}}]} as unknown as DocumentNode<ConsoleOutboundMessagesQuery, ConsoleOutboundMessagesQueryVariables>;
export const ConsoleRetryOutboundMessageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRetryOutboundMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetryOutboundMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryOutboundMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OutboundRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OutboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OutboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"reply"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}}]} as unknown as DocumentNode<ConsoleRetryOutboundMessageMutation, ConsoleRetryOutboundMessageMutationVariables>;
export const ConsoleCancelOutboundMessageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCancelOutboundMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelOutboundMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelOutboundMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OutboundRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OutboundRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OutboundMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"reply"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}}]} as unknown as DocumentNode<ConsoleCancelOutboundMessageMutation, ConsoleCancelOutboundMessageMutationVariables>;