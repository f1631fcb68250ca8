import type { ConnectionSecurity, MailAuthentication, MailProtocol } from '../generated/graphql';
import { FieldNotes, SelectField, TextField } from './field';
import { messagesOf, type MessagesByField } from './field-messages';
import { passwordReentryReason, type SavedSettings, type ServerForm, type Side } from './form-model';
import { OAuth2Fields } from './oauth2-fields';
import { PresetButtons } from './preset-buttons';
import { useReadOnly } from './read-only';
import { applyPreset } from './apply-preset';
import { SecretField } from './secret-field';

interface Props {
  readonly side: Side;
  readonly form: ServerForm;
  readonly saved: SavedSettings['outgoing'] & Partial<Pick<SavedSettings['incoming'], 'protocol' | 'deleteAfterFetch'>>;
  readonly onChange: (form: ServerForm) => void;
  readonly messages: MessagesByField;
}

const SECURITY: readonly { value: ConnectionSecurity; label: string }[] = [
  { value: 'TLS', label: 'TLS from the first byte (SMTPS 465, IMAPS 993, POP3S 995)' },
  { value: 'STARTTLS', label: 'STARTTLS, required' },
  { value: 'STARTTLS_OPTIONAL', label: 'STARTTLS when offered (may stay plain)' },
  { value: 'NONE', label: 'None (plain text)' },
];
const PROTOCOLS: readonly { value: MailProtocol; label: string }[] = [
  { value: 'IMAP', label: 'IMAP' },
  { value: 'POP3', label: 'POP3' },
];
const AUTHENTICATION: readonly { value: MailAuthentication; label: string }[] = [
  { value: 'PASSWORD', label: 'Password' },
  { value: 'OAUTH2', label: 'OAuth 2.0' },
];

/** One server of the form: where it is, how the connection is secured, how to sign in. */
export function ServerSection({ side, form, saved, onChange, messages }: Props) {
  const at = (field: string) => messagesOf(messages, `${side}.${field}`);
  const set = (change: Partial<ServerForm>) => onChange({ ...form, ...change });
  const title = side === 'outgoing' ? 'Outgoing server (SMTP)' : 'Incoming server (POP3 or IMAP)';
  const headingId = `${side}-heading`;
  const readOnly = useReadOnly();
  return (
    <section className="server" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <PresetButtons
        side={side}
        onPick={(preset) => {
          const server = preset[side];
          if (server) onChange(applyPreset(form, server));
        }}
      />
      <FieldNotes id={`${side}-notes`} messages={messagesOf(messages, side)} />
      {side === 'incoming' && (
        <SelectField
          label="Protocol"
          name="incoming-protocol"
          value={form.protocol}
          options={PROTOCOLS}
          onChange={(protocol) => set({ protocol })}
          messages={at('protocol')}
        />
      )}
      <TextField
        label="Host"
        name={`${side}-host`}
        value={form.host}
        onChange={(host) => set({ host })}
        messages={at('host')}
        help="Empty: this server is not used."
      />
      <TextField label="Port" name={`${side}-port`} inputMode="numeric" value={form.port} onChange={(port) => set({ port })} messages={at('port')} />
      <SelectField
        label="Security"
        name={`${side}-security`}
        value={form.security}
        options={SECURITY}
        onChange={(security) => set({ security })}
        messages={at('security')}
      />
      <SelectField
        label="Sign in with"
        name={`${side}-authentication`}
        value={form.authentication}
        options={AUTHENTICATION}
        onChange={(authentication) => set({ authentication })}
        messages={at('authentication')}
      />
      <TextField label="User" name={`${side}-user`} value={form.user} onChange={(user) => set({ user })} messages={at('user')} />
      {form.authentication === 'PASSWORD' ? (
        <SecretField
          label="Password"
          name={`${side}-password`}
          isSet={saved.passwordSet}
          edit={form.password}
          onChange={(password) => set({ password })}
          messages={at('password')}
          reentry={passwordReentryReason(saved, form)}
        />
      ) : (
        <OAuth2Fields side={side} form={form.oauth2} saved={saved.oauth2} onChange={(oauth2) => set({ oauth2 })} messages={messages} />
      )}
      {side === 'incoming' && (
        <div className="field checkbox">
          <input
            id="incoming-delete-after-fetch"
            type="checkbox"
            checked={form.deleteAfterFetch}
            // Read-only: focusable and announced as such (a disabled box is skipped); Space changes nothing.
            aria-readonly={readOnly || undefined}
            onClick={(event) => {
              if (readOnly) event.preventDefault();
            }}
            onChange={(event) => {
              if (!readOnly) set({ deleteAfterFetch: event.target.checked });
            }}
            aria-describedby="incoming-delete-after-fetch-notes"
          />
          <label htmlFor="incoming-delete-after-fetch">Delete messages from the server after fetching them</label>
          <FieldNotes id="incoming-delete-after-fetch-notes" messages={at('deleteAfterFetch')} />
        </div>
      )}
    </section>
  );
}
