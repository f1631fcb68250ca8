import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { apiErrors, describeError } from '../api/errors';
import { ConsoleTestMailSessionDocument, type ConsoleTestMailSessionMutation, type MailSessionCandidateInput } from '../generated/graphql';
import { CheckReport } from './check-report';

interface Props {
  /** What is in the form now, saved or not. */
  readonly candidate: () => MailSessionCandidateInput;
}

/** "Test connection": the step-by-step test of the settings in the form (nothing saved, nothing sent). */
export function TestConnection({ candidate }: Props) {
  const [test, { loading }] = useMutation(ConsoleTestMailSessionDocument);
  const [report, setReport] = useState<ConsoleTestMailSessionMutation['testMailSession']>();
  const [failure, setFailure] = useState<string[]>();
  const run = async () => {
    setFailure(undefined);
    setReport(undefined);
    try {
      const { data } = await test({ variables: { input: { settings: candidate() } } });
      if (data) setReport(data.testMailSession);
    } catch (error) {
      const problems = apiErrors(error).flatMap((e) =>
        Array.isArray(e.extensions.problems)
          ? e.extensions.problems.map((p: { field?: unknown; message?: unknown }) => `${Array.isArray(p.field) ? p.field.join('.') : ''}: ${String(p.message)}`)
          : [e.message],
      );
      setFailure(problems.length > 0 ? problems : [describeError(error)]);
    }
  };
  return (
    <section className="test-connection" aria-labelledby="test-heading">
      <h2 id="test-heading">Test connection</h2>
      <p className="help">
        Connects to both servers with what is in the form, saved or not, signs in and checks the sender and the mailbox. Nothing is saved or sent.
      </p>
      <button type="button" onClick={() => void run()} disabled={loading}>
        {loading ? 'Testing…' : 'Test connection'}
      </button>
      <div role="status" aria-live="polite" className="test-result">
        {report && (
          <>
            <p className={`notice ${report.ok ? 'ok' : 'error'}`}>
              {report.ok ? 'Every tested server works.' : 'A server does not work: see the failed step.'} ({report.durationMs} ms)
            </p>
            <CheckReport title="Outgoing server" report={report.outgoing} />
            <CheckReport title="Incoming server" report={report.incoming} />
          </>
        )}
        {failure && (
          <div className="notice error">
            <p>The test did not run:</p>
            <ul>
              {failure.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
