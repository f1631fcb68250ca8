import { UndecryptableSecretError } from './undecryptable-secret-error.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { MailSessionHistoryRepository } from '../mail-history/mail-session-history.repository.js';
import { MailSessionRepository } from '../mail-settings/mail-session.repository.js';
import { INCOMING_PASSWORD, OUTGOING_PASSWORD } from '../mail-settings/mail-session.row.js';
import { OAUTH2_SECRET_COLUMNS } from '../mail-settings/mail-session.oauth2-columns.js';
import { type SecretBox, SecretBoxError } from '../platform/secrets/secret-box.js';

export { UndecryptableSecretError };

/** The encrypted fields: column (and snapshot key) with the context bound into its ciphertext. */
const SECRET_FIELDS = [
  { field: 'outgoingPassword', context: OUTGOING_PASSWORD },
  { field: 'incomingPassword', context: INCOMING_PASSWORD },
  ...OAUTH2_SECRET_COLUMNS,
] as const;

type SecretField = (typeof SECRET_FIELDS)[number]['field'];

/** Where a stored ciphertext lives, for messages: `mail_session.outgoing_password`, `revision 3 snapshot.incomingPassword`. */
interface StoredSecret {
  where: string;
  context: string;
  value: string;
}

function snapshotSecrets(snapshot: Prisma.JsonValue): Partial<Record<SecretField, string>> {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) return {};
  const found: Partial<Record<SecretField, string>> = {};
  for (const { field } of SECRET_FIELDS) {
    const value = snapshot[field];
    if (typeof value === 'string') found[field] = value;
  }
  return found;
}

/** The tables secrets are stored in, each through the repository that owns it. */
function repositories(prisma: PrismaClient) {
  return { settings: new MailSessionRepository(prisma), history: new MailSessionHistoryRepository(prisma) };
}

async function storedSecrets(prisma: PrismaClient): Promise<StoredSecret[]> {
  const { settings, history } = repositories(prisma);
  const secrets: StoredSecret[] = [];
  const row = await settings.secretColumns();
  for (const { field, context } of SECRET_FIELDS) {
    const value = row?.[field];
    if (typeof value === 'string') secrets.push({ where: `mail_session.${field}`, context, value });
  }
  const revisions = await history.snapshots();
  for (const revision of revisions) {
    const found = snapshotSecrets(revision.snapshot);
    for (const { field, context } of SECRET_FIELDS) {
      const value = found[field];
      if (value !== undefined) secrets.push({ where: `mail_session_revision version ${revision.version} snapshot.${field}`, context, value });
    }
  }
  return secrets;
}

/**
 * Start-up check: every stored secret (current settings and history) decrypts with the
 * configured keys. Otherwise start-up stops with a message naming the key id and where the
 * secret is, never its value: running on would build transports with no or wrong credentials.
 */
export async function checkStoredSecrets(prisma: PrismaClient, box: SecretBox): Promise<{ checked: number }> {
  const secrets = await storedSecrets(prisma);
  for (const secret of secrets) {
    try {
      box.decrypt(secret.value, secret.context);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      throw new UndecryptableSecretError(`${error.message} (in ${secret.where})`);
    }
  }
  return { checked: secrets.length };
}

export interface RotationReport {
  /** Stored secrets found (current settings and history snapshots). */
  total: number;
  /** Re-encrypted because they were under another key than the writing key. */
  changed: number;
  writeKeyId: string;
}

/**
 * Re-encrypts every stored secret not already under the writing key, in one transaction that
 * holds the settings row lock (so no update interleaves). All or nothing: a secret that does
 * not decrypt aborts the whole rotation. The settings version is not changed.
 */
export async function rotateStoredSecrets(prisma: PrismaClient, box: SecretBox): Promise<RotationReport> {
  const writeKeyId = box.writeKeyId;
  const rotate = (value: string, context: string): string | undefined =>
    value.split('.')[1] === writeKeyId ? undefined : box.encrypt(box.decrypt(value, context), context);
  const { settings, history } = repositories(prisma);
  return settings.underRowLock(
    async (tx) => {
      let total = 0;
      let changed = 0;
      const row = await settings.secretColumns(tx);
      const rowUpdate: Partial<Record<SecretField, string>> = {};
      for (const { field, context } of SECRET_FIELDS) {
        const value = row?.[field];
        if (typeof value !== 'string') continue;
        total++;
        const next = rotate(value, context);
        if (next !== undefined) rowUpdate[field] = next;
      }
      if (Object.keys(rowUpdate).length > 0) {
        changed += Object.keys(rowUpdate).length;
        await settings.replaceSecretColumns(rowUpdate, tx);
      }
      const revisions = await history.snapshots(tx);
      for (const revision of revisions) {
        const found = snapshotSecrets(revision.snapshot);
        const replaced: Partial<Record<SecretField, string>> = {};
        for (const { field, context } of SECRET_FIELDS) {
          const value = found[field];
          if (value === undefined) continue;
          total++;
          const next = rotate(value, context);
          if (next !== undefined) replaced[field] = next;
        }
        if (Object.keys(replaced).length === 0) continue;
        changed += Object.keys(replaced).length;
        const snapshot = { ...(revision.snapshot as Prisma.JsonObject), ...replaced };
        await history.replaceSnapshot(revision.id, snapshot, tx);
      }
      return { total, changed, writeKeyId };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
