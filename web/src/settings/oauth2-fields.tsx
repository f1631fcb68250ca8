import type { OAuth2Grant } from '../generated/graphql';
import { SelectField, TextField } from './field';
import { messagesOf, type MessagesByField } from './field-messages';
import type { OAuth2Form, SavedSettings, Side } from './form-model';
import { SecretField } from './secret-field';

interface Props {
  readonly side: Side;
  readonly form: OAuth2Form;
  readonly saved: SavedSettings['outgoing']['oauth2'];
  readonly onChange: (form: OAuth2Form) => void;
  readonly messages: MessagesByField;
}

const GRANTS: readonly { value: OAuth2Grant; label: string }[] = [
  { value: 'CLIENT_CREDENTIALS', label: 'Client credentials (Microsoft 365)' },
  { value: 'REFRESH_TOKEN', label: 'Refresh token (a user consented once)' },
  { value: 'JWT_BEARER', label: 'Service account key (Google Workspace)' },
];

/** Microsoft's token endpoint for a tenant, as the service builds it for the MICROSOFT_365 preset (shown while the tenant is typed). */
function microsoftTokenUrl(tenantId: string): string {
  const tenant = tenantId.trim() === '' ? '<tenant id>' : encodeURIComponent(tenantId.trim());
  return `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`;
}

/** The OAuth 2.0 client of a server that signs in with OAUTH2: endpoint, client and write-only secrets. */
export function OAuth2Fields({ side, form, saved, onChange, messages }: Props) {
  const at = (field: string) => messagesOf(messages, `${side}.oauth2.${field}`);
  const set = (change: Partial<OAuth2Form>) => onChange({ ...form, ...change });
  return (
    <fieldset className="oauth2">
      <legend>OAuth 2.0 client</legend>
      <SelectField
        label="Grant"
        name={`${side}-oauth2-grant`}
        value={form.grant}
        options={GRANTS}
        onChange={(grant) => set({ grant })}
        messages={at('grant')}
      />
      {form.preset === 'MICROSOFT_365' ? (
        <TextField
          label="Tenant id"
          name={`${side}-oauth2-tenant-id`}
          value={form.tenantId}
          onChange={(tenantId) => set({ tenantId })}
          messages={at('tenantId')}
          placeholder="contoso.onmicrosoft.com"
          help={
            <>
              Your Microsoft Entra tenant: its id (a GUID) or one of its domain names. The token URL is built from it:{' '}
              <code>{microsoftTokenUrl(form.tenantId)}</code>{' '}
              <button
                type="button"
                className="link"
                onClick={() => set({ preset: null, tokenUrl: form.tenantId.trim() === '' ? '' : microsoftTokenUrl(form.tenantId) })}
              >
                Type the token URL instead
              </button>
            </>
          }
        />
      ) : (
        <TextField
          label="Token URL"
          name={`${side}-oauth2-token-url`}
          type="url"
          value={form.tokenUrl}
          onChange={(tokenUrl) => set({ tokenUrl })}
          messages={at('tokenUrl')}
        />
      )}
      <TextField
        label="Client id"
        name={`${side}-oauth2-client-id`}
        value={form.clientId}
        onChange={(clientId) => set({ clientId })}
        messages={at('clientId')}
      />
      <TextField label="Scope" name={`${side}-oauth2-scope`} value={form.scope} onChange={(scope) => set({ scope })} messages={at('scope')} />
      {form.grant === 'JWT_BEARER' && (
        <TextField
          label="Service account e-mail"
          name={`${side}-oauth2-service-account`}
          type="email"
          value={form.serviceAccountEmail}
          onChange={(serviceAccountEmail) => set({ serviceAccountEmail })}
          messages={at('serviceAccountEmail')}
        />
      )}
      {form.grant !== 'JWT_BEARER' && (
        <SecretField
          label="Client secret"
          name={`${side}-oauth2-client-secret`}
          isSet={saved?.clientSecretSet ?? false}
          edit={form.clientSecret}
          onChange={(clientSecret) => set({ clientSecret })}
          messages={at('clientSecret')}
        />
      )}
      {form.grant === 'REFRESH_TOKEN' && (
        <SecretField
          label="Refresh token"
          name={`${side}-oauth2-refresh-token`}
          isSet={saved?.refreshTokenSet ?? false}
          edit={form.refreshToken}
          onChange={(refreshToken) => set({ refreshToken })}
          messages={at('refreshToken')}
        />
      )}
      {form.grant === 'JWT_BEARER' && (
        <SecretField
          label="Private key (PEM)"
          name={`${side}-oauth2-private-key`}
          isSet={saved?.privateKeySet ?? false}
          edit={form.privateKey}
          onChange={(privateKey) => set({ privateKey })}
          messages={at('privateKey')}
          multiline
        />
      )}
    </fieldset>
  );
}
