/** A queue of the tests' own and the outbound GraphQL documents (not a test file itself). */
import type { Prisma } from '../../src/generated/prisma/client';
import type { OutboundQueue } from '../../src/outbound/outbound-queue';
import { UnavailableError } from '../../src/platform/errors/domain-errors';
import type { TestDatabase } from '../support/database';
import type { GraphQLResult, TestApp } from '../support/test-app';

/**
 * A real OutboundQueue until DELIVER's pg-boss queue is merged: each job is a row of
 * `test_outbound_job`, written in the caller's transaction, so a test sees exactly the jobs that
 * committed. `failing` makes enqueue throw after writing its row (the transaction must roll back).
 */
export class TableQueue implements OutboundQueue {
  failing = false;

  static async createTable(db: TestDatabase): Promise<void> {
    await db.query('CREATE TABLE IF NOT EXISTS test_outbound_job (id serial PRIMARY KEY, message_id uuid NOT NULL, start_after timestamptz)');
  }

  async enqueue(tx: Prisma.TransactionClient, id: string, startAfter?: Date): Promise<void> {
    await tx.$executeRaw`INSERT INTO test_outbound_job (message_id, start_after) VALUES (${id}::uuid, ${startAfter ?? null})`;
    if (this.failing) throw new UnavailableError('the test queue is down');
  }
}

/** The committed jobs of each message, by the row's id. */
export async function jobsByMessage(db: TestDatabase): Promise<Map<string, number>> {
  const rows = await db.query<{ message_id: string; jobs: number }>('SELECT message_id, count(*)::int AS jobs FROM test_outbound_job GROUP BY message_id');
  return new Map(rows.map((row) => [row.message_id, row.jobs]));
}

export const MESSAGE_FIELDS = `id messageId status attempts nextAttemptAt createdBy acceptedAt sentAt to cc bcc subject sizeBytes settingsVersion
  acceptedRecipients rejectedRecipients { address reply } lastError { code message reply } contentDeletedAt`;

export const SEND_EMAIL = `mutation Send($input: SendEmailInput!) { sendEmail(input: $input) { duplicate message { ${MESSAGE_FIELDS} } } }`;
export const OUTBOUND_MESSAGE = `query One($id: ID!) { outboundMessage(id: $id) { ${MESSAGE_FIELDS} } }`;
export const OUTBOUND_MESSAGES = `query Page($status: OutboundStatus, $first: Int, $after: String, $last: Int, $before: String) {
  outboundMessages(status: $status, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id createdBy status subject } }
  }
}`;
export const RETRY = `mutation Retry($input: RetryOutboundMessageInput!) { retryOutboundMessage(input: $input) { message { id status attempts } } }`;
export const CANCEL = `mutation Cancel($input: CancelOutboundMessageInput!) { cancelOutboundMessage(input: $input) { message { id status } } }`;

export interface MessageView {
  id: string;
  messageId: string;
  status: string;
  attempts: number;
  createdBy: string;
  acceptedAt: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  sizeBytes: number;
  settingsVersion: number | null;
  acceptedRecipients: string[];
  rejectedRecipients: { address: string; reply: string | null }[];
  lastError: { code: string | null; message: string; reply: string | null } | null;
  contentDeletedAt: string | null;
}

export interface SendResult {
  sendEmail: { duplicate: boolean; message: MessageView };
}

/** A small valid input; `overrides` replace its fields. */
export function message(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { to: ['rcpt@example.com'], subject: 'Hello', text: 'Hi there', ...overrides };
}

export function send(t: TestApp, input: Record<string, unknown>, token: string): Promise<GraphQLResult<SendResult>> {
  return t.gql<SendResult>(SEND_EMAIL, { input }, token);
}

/** The message of a send that must have succeeded. */
export async function sent(t: TestApp, input: Record<string, unknown>, token: string): Promise<MessageView> {
  const result = await send(t, input, token);
  if (result.errors || !result.data) throw new Error(`sendEmail failed: ${JSON.stringify(result.errors)}`);
  return result.data.sendEmail.message;
}

/** The local id (the row's UUID) inside a message's global id. */
export function rowId(globalId: string): string {
  return Buffer.from(globalId, 'base64url')
    .toString('utf8')
    .replace(/^OutboundMessage:/, '');
}
