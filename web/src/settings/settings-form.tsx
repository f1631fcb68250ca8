import { useMutation } from '@apollo/client/react';
import { useState, type SyntheticEvent } from 'react';
import { useAccess } from '../access/access';
import { ConsoleUpdateMailSessionDocument } from '../generated/graphql';
import { TestConnection } from '../check/test-connection';
import { SendTestEmail } from '../check/send-test-email';
import { messagesByField } from './field-messages';
import { candidateInput, formOf, passwordReentryReason, type SavedSettings, type SettingsForm as Form } from './form-model';
import { PropertiesEditor } from './properties-editor';
import { propertyProblems } from './property-check';
import { ReadOnlyContext } from './read-only';
import { failedSave, type SaveOutcome } from './save-outcome';
import { SaveStatus } from './save-status';
import { SenderSection } from './sender-section';
import { ServerSection } from './server-section';

interface Props {
  readonly saved: SavedSettings;
  /** The address "Send a test e-mail" starts with: the signed-in user's, when the token carries one. */
  readonly userEmail: string | undefined;
  /** Reads the saved settings again and starts the form over from them. */
  readonly onReload: () => Promise<void>;
}

/** What must change before Save is worth sending, as the page says it (the service would refuse the same). */
function blockers(saved: SavedSettings, form: Form): string[] {
  const reasons: string[] = [];
  if (passwordReentryReason(saved.outgoing, form.outgoing)) reasons.push('the outgoing server’s password must be typed again');
  if (passwordReentryReason(saved.incoming, form.incoming)) reasons.push('the incoming server’s password must be typed again');
  if (form.properties.some((row) => Object.keys(propertyProblems(row.key, row.value)).length > 0)) reasons.push('a property row needs a change');
  return reasons;
}

/** The settings form, its Save (with `expectedVersion`), the connection test and the test e-mail. */
export function SettingsForm({ saved, userEmail, onReload }: Props) {
  // A viewer, or managed settings: every field read-only (focusable, never disabled), no Save; a viewer also gets no test or send.
  const access = useAccess();
  const [form, setForm] = useState<Form>(() => formOf(saved));
  const [baseVersion, setBaseVersion] = useState(saved.version);
  const [outcome, setOutcome] = useState<SaveOutcome>({ kind: 'none' });
  const [update, { loading: saving }] = useMutation(ConsoleUpdateMailSessionDocument);
  const messages = messagesByField(outcome.kind === 'saved' ? outcome.warnings : [], outcome.kind === 'refused' ? outcome.errors : []);
  const blocked = blockers(saved, form);

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (blocked.length > 0) {
      setOutcome({ kind: 'failed', summary: `Not saved yet: ${blocked.join('; ')} (marked below).` });
      return;
    }
    try {
      const { data } = await update({ variables: { input: { ...candidateInput(form), expectedVersion: baseVersion } } });
      if (!data) return;
      const result = data.updateMailSession;
      setForm(formOf(result.mailSession));
      setBaseVersion(result.mailSession.version);
      // A save that changes nothing makes no new version.
      setOutcome({ kind: 'saved', version: result.mailSession.version, unchanged: result.mailSession.version === baseVersion, warnings: result.warnings });
    } catch (error) {
      setOutcome(failedSave(error));
    }
  };

  const reload = async () => {
    await onReload();
    setOutcome({ kind: 'none' });
  };

  return (
    <>
      <form className="settings" onSubmit={(event) => void save(event)} aria-label="Mail settings" noValidate>
        <ReadOnlyContext.Provider value={!access.canChange}>
          <fieldset className="form-body">
            <ServerSection
              side="outgoing"
              form={form.outgoing}
              saved={saved.outgoing}
              onChange={(outgoing) => setForm({ ...form, outgoing })}
              messages={messages}
            />
            <ServerSection
              side="incoming"
              form={form.incoming}
              saved={saved.incoming}
              onChange={(incoming) => setForm({ ...form, incoming })}
              messages={messages}
            />
            <SenderSection
              name={form.senderName}
              address={form.senderAddress}
              onChange={(change) => setForm({ ...form, senderName: change.name ?? form.senderName, senderAddress: change.address ?? form.senderAddress })}
              messages={messages}
            />
            <PropertiesEditor rows={form.properties} onChange={(properties) => setForm({ ...form, properties })} messages={messages} />
          </fieldset>
        </ReadOnlyContext.Provider>
        {access.canChange && (
          <div className="actions">
            <button type="submit" className="primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <SaveStatus outcome={outcome} onReload={() => void reload()} />
          </div>
        )}
      </form>
      {access.canTest && <TestConnection candidate={() => candidateInput(form)} />}
      {access.canTest && <SendTestEmail defaultRecipient={userEmail ?? ''} savedSender={saved.defaultSender.address} />}
    </>
  );
}
