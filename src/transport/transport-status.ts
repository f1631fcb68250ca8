/** What a client sees of one live transport. */
export type TransportState = 'READY' | 'DISABLED' | 'FAILED';

export interface TransportStatus {
  state: TransportState;
  /** The settings version this transport reflects; 0 before any settings were applied. */
  appliedVersion: number;
  changedAt: Date;
  /** Why the transport is FAILED, safe to show: never a secret. */
  lastError: string | null;
}

/** A transport built from one settings version, or why it could not be. */
export type BuildResult<T> = { state: 'READY'; value: T; fingerprint: string } | { state: 'DISABLED'; reason: string } | { state: 'FAILED'; error: string };
