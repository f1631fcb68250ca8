/** The operations the client tests send, typed for every client (each takes a TypedDocumentNode); not a test file itself. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';

export interface MailSessionData {
  version: number;
  defaultSender: { name: string | null };
}

export const SETTINGS: TypedDocumentNode<{ mailSession: MailSessionData }, Record<string, never>> = parse(`
  query Settings {
    mailSession {
      version
      defaultSender {
        name
      }
    }
  }
`);

export const RENAME_SENDER: TypedDocumentNode<{ updateMailSession: { mailSession: MailSessionData } }, { input: Record<string, unknown> }> = parse(`
  mutation RenameSender($input: UpdateMailSessionInput!) {
    updateMailSession(input: $input) {
      mailSession {
        version
        defaultSender {
          name
        }
      }
    }
  }
`);
