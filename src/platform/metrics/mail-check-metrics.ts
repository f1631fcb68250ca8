import { Counter, type Registry } from 'prom-client';

/**
 * Counters of the connection checks, fed by the mail check service's events (MailCheckEvents,
 * which this matches without importing the domain). The `ok` and `failed` series exist from the
 * start, so a rate over them is defined before the first check.
 */
export function registerMailCheckMetrics(registry: Registry) {
  const tests = new Counter({
    name: 'mail_session_mail_tests_total',
    help: 'testMailSession calls, by outcome: ok (every configured server passed), failed (a step failed, or no server is configured), or the error code that refused the call',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const servers = new Counter({
    name: 'mail_session_mail_test_servers_total',
    help: 'Servers tested by testMailSession, by server (outgoing or incoming) and result: ok, or the MailCheckFailureCode of the step that failed',
    labelNames: ['server', 'result'] as const,
    registers: [registry],
  });
  const emails = new Counter({
    name: 'mail_session_test_emails_total',
    help: 'sendTestEmail calls, by outcome: ok (the server accepted the message), or the error code (SEND_FAILED, UNAVAILABLE, RATE_LIMITED, ...)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['ok', 'failed']) tests.inc({ outcome }, 0);
  emails.inc({ outcome: 'ok' }, 0);
  return {
    tested(outcome: string, tested: readonly { server: string; result: string }[]): void {
      tests.inc({ outcome });
      for (const { server, result } of tested) servers.inc({ server, result });
    },
    emailed(outcome: string): void {
      emails.inc({ outcome });
    },
  };
}
