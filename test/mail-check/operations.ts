/** GraphQL documents and helpers shared by the mail check tests (not a test file itself). */
import type { GraphQLResult, TestApp } from '../support/test-app';

export interface StepView {
  name: string;
  ok: boolean;
  skipped: boolean;
  durationMs: number;
  code: string | null;
  message: string;
  addresses: string[] | null;
  remoteAddress: string | null;
  tls: {
    mode: string;
    protocol: string | null;
    verified: boolean;
    verificationError: string | null;
    certificate: { subject: string; subjectAltNames: string[]; validTo: string } | null;
  } | null;
  greeting: string | null;
  extensions: string[] | null;
  authMechanism: string | null;
  sender: string | null;
  recipient: string | null;
  messageCount: number | null;
  unseenCount: number | null;
}

export interface ServerReportView {
  protocol: string;
  host: string | null;
  port: number;
  security: string;
  tested: boolean;
  ok: boolean;
  steps: StepView[];
}

export interface ReportView {
  ok: boolean;
  candidate: boolean;
  baseVersion: number;
  durationMs: number;
  outgoing: ServerReportView;
  incoming: ServerReportView;
}

const STEP = `name ok skipped durationMs code message addresses remoteAddress
  tls { mode protocol verified verificationError certificate { subject subjectAltNames validTo } }
  greeting extensions authMechanism sender recipient messageCount unseenCount`;
const SERVER = `protocol host port security tested ok steps { ${STEP} }`;

export const TEST_MAIL_SESSION = `
  mutation TestMailSession($input: TestMailSessionInput!) {
    testMailSession(input: $input) { ok candidate baseVersion durationMs outgoing { ${SERVER} } incoming { ${SERVER} } }
  }
`;

/** testMailSession without arguments: the saved settings, with the input's default `{}`. */
export const TEST_SAVED_MAIL_SESSION = `
  mutation TestSavedMailSession {
    testMailSession { ok candidate baseVersion durationMs outgoing { ${SERVER} } incoming { ${SERVER} } }
  }
`;

export const SEND_TEST_EMAIL = `
  mutation SendTestEmail($to: EmailAddress!) {
    sendTestEmail(input: { to: $to }) { accepted rejected response messageId }
  }
`;

/** Runs testMailSession with `settings` as candidate settings (left out: the saved settings, called without arguments). */
export function testSession(t: TestApp, settings?: Record<string, unknown>, token?: string | null): Promise<GraphQLResult<{ testMailSession: ReportView }>> {
  return settings === undefined
    ? t.gql<{ testMailSession: ReportView }>(TEST_SAVED_MAIL_SESSION, {}, token)
    : t.gql<{ testMailSession: ReportView }>(TEST_MAIL_SESSION, { input: { settings } }, token);
}

/** Runs testMailSession (with `recipient` as RCPT TO of the sender check, when given), which must answer with a report; returns it. */
export async function reportOf(t: TestApp, input?: Record<string, unknown>, recipient?: string): Promise<ReportView> {
  const result =
    recipient === undefined
      ? await testSession(t, input)
      : await t.gql<{ testMailSession: ReportView }>(TEST_MAIL_SESSION, { input: { ...(input && { settings: input }), recipient } });
  expect(result.errors).toBeUndefined();
  if (!result.data) throw new Error(`no data: ${JSON.stringify(result)}`);
  return result.data.testMailSession;
}

/** `name:code` of every step, e.g. `TLS:CERTIFICATE_EXPIRED`, `DNS:ok`: readable in a failed expectation. */
export function outline(report: ServerReportView): string[] {
  return report.steps.map((step) => `${step.name}:${step.ok ? (step.skipped ? 'skipped' : 'ok') : step.code}`);
}
