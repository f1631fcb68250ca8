/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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

export type DefaultSenderInput = {
  address?: string | null | undefined;
  name?: string | null | undefined;
};

export type IncomingServerInput = {
  /** true removes the stored password */
  clearPassword?: boolean | null | undefined;
  deleteAfterFetch?: boolean | null | undefined;
  /** Host name or IP address; null unsets it */
  host?: string | null | undefined;
  /** Write-only. Left out: kept. A value: replaced. Must be given again when host, port, security, user, the incoming protocol, or a property that decides how the password travels (ssl.trust, ssl.checkserveridentity, ssl.protocols, auth.mechanisms, auth.*.disable) changes. */
  password?: string | null | undefined;
  port?: number | null | undefined;
  protocol?: MailProtocol | null | undefined;
  security?: ConnectionSecurity | null | undefined;
  /** Login name; null unsets it */
  user?: string | null | undefined;
};

export type MailPropertyInput = {
  key: string;
  value: string;
};

/** Protocol of the incoming mail server */
export type MailProtocol =
  | 'IMAP'
  | 'POP3';

/** Where the settings in force come from */
export type MailSessionSource =
  /** The database: changed through the API (possibly seeded once from the environment or a file) */
  | 'DATABASE'
  /** MAIL_* environment variables, applied on every start (MAIL_SESSION_MANAGED=true); the API cannot change them */
  | 'ENVIRONMENT'
  /** The properties file named by MAIL_SESSION_PROPERTIES_FILE, applied on every start (MAIL_SESSION_MANAGED=true); the API cannot change them */
  | 'FILE';

export type OutgoingServerInput = {
  /** true removes the stored password */
  clearPassword?: boolean | null | undefined;
  /** Host name or IP address; null unsets it */
  host?: string | null | undefined;
  /** Write-only. Left out: kept. A value: replaced. Must be given again when host, port, security, user, the incoming protocol, or a property that decides how the password travels (ssl.trust, ssl.checkserveridentity, ssl.protocols, auth.mechanisms, auth.*.disable) changes. */
  password?: string | null | undefined;
  port?: number | null | undefined;
  security?: ConnectionSecurity | null | undefined;
  /** Login name; null unsets it */
  user?: string | null | undefined;
};

/** A partial update: fields left out keep their values */
export type UpdateMailSessionInput = {
  /** Replaces the whole list; null or [] clears it */
  additionalProperties?: Array<MailPropertyInput> | null | undefined;
  defaultSender?: DefaultSenderInput | null | undefined;
  /** Refuse the update (CONFLICT) unless the settings are still at this version */
  expectedVersion?: number | null | undefined;
  incoming?: IncomingServerInput | null | undefined;
  outgoing?: OutgoingServerInput | null | undefined;
};

export type MailSessionHistoryQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MailSessionHistoryQuery = { mailSessionHistory: { edges: Array<{ cursor: string, node: { version: number, changedAt: string, changedBy: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MailSessionQueryVariables = Exact<{ [key: string]: never; }>;


export type MailSessionQuery = { mailSession: { version: number, updatedAt: string, updatedBy: string | null, source: MailSessionSource, outgoing: { host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean }, incoming: { protocol: MailProtocol, host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean }, defaultSender: { name: string | null, address: string | null } } };

export type UpdateMailSessionMutationVariables = Exact<{
  input: UpdateMailSessionInput;
}>;


export type UpdateMailSessionMutation = { updateMailSession: { mailSession: { version: number, outgoing: { host: string | null, port: number, security: ConnectionSecurity, user: string | null, passwordSet: boolean } }, warnings: Array<{ code: string, field: string, message: string }> } };


export const MailSessionHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MailSessionHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailSessionHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"changedBy"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<MailSessionHistoryQuery, MailSessionHistoryQueryVariables>;
export const MailSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MailSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"outgoing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"incoming"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultSender"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]}}]} as unknown as DocumentNode<MailSessionQuery, MailSessionQueryVariables>;
export const UpdateMailSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateMailSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateMailSessionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateMailSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"outgoing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"security"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateMailSessionMutation, UpdateMailSessionMutationVariables>;