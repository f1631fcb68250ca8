import type { CheckReportFieldsFragment } from '../generated/graphql';

interface Props {
  readonly title: string;
  readonly report: CheckReportFieldsFragment;
}

const STEP_NAMES: Readonly<Record<string, string>> = {
  SETTINGS: 'Settings',
  DNS: 'Name lookup',
  TCP: 'Connection',
  TLS: 'TLS',
  GREETING: 'Greeting',
  TOKEN: 'OAuth 2.0 token',
  AUTHENTICATION: 'Sign-in',
  SENDER: 'Sender and recipient',
  MAILBOX: 'Mailbox',
};

function verdict(step: CheckReportFieldsFragment['steps'][number]): string {
  if (step.skipped) return 'skipped';
  return step.ok ? 'passed' : 'failed';
}

/** One server's test, step by step: verdict, time, what the server said, and the hint when a step failed. */
export function CheckReport({ title, report }: Props) {
  const where = report.host === null ? 'no host set' : `${report.host}:${report.port}, ${report.protocol}, security ${report.security}`;
  return (
    <section className="check-report" aria-label={`${title} test`}>
      <h3>
        {title}: {report.tested ? (report.ok ? 'works' : 'does not work') : 'not tested'} <span className="where">({where})</span>
      </h3>
      {report.steps.length > 0 && (
        <ol className="steps">
          {report.steps.map((step, index) => (
            <li key={`${step.name}-${index}`} className={`step ${verdict(step)}`}>
              <span className="step-name">{STEP_NAMES[step.name] ?? step.name}</span>
              <span className="verdict">{verdict(step)}</span>
              <span className="timing">{step.durationMs} ms</span>
              {step.code !== null && <code className="code">{step.code}</code>}
              <p className="message">{step.message}</p>
              {step.greeting !== null && step.name === 'GREETING' && (
                <p className="reply">
                  Server reply: <samp>{step.greeting}</samp>
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
