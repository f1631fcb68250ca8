import { initialRow, type StoredMailSession } from '../../src/mail-settings/mail-session.row';

/**
 * A whole settings row as the repository hands it out, for tests that build transports or plan
 * updates without a database: the row as the first migration creates it (nothing configured,
 * version 0), then `overrides`.
 */
export function storedMailSession(overrides: Partial<StoredMailSession> = {}): StoredMailSession {
  return { ...initialRow(), ...overrides };
}
