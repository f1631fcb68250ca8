/**
 * What the form does with a write-only secret (a password, a client secret, a refresh token, a
 * private key): the API never returns one, only whether it is set, so the form never holds or
 * shows a stored value, and an untouched field can never be saved back as the secret.
 */
export type SecretEdit = { readonly kind: 'keep' } | { readonly kind: 'replace'; readonly value: string } | { readonly kind: 'remove' };

export const KEEP: SecretEdit = { kind: 'keep' };

/** The new value, when one was typed. */
export function typedSecret(edit: SecretEdit): string | undefined {
  return edit.kind === 'replace' && edit.value !== '' ? edit.value : undefined;
}
