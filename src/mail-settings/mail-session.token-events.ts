/**
 * When a live OAuth 2.0 token's status or the transport state it decides changes, subscribers of
 * `mailSessionChanged` learn it at once instead of at the next settings change: the first token
 * obtained, VALID to FAILED (the provider refused the grant), FAILED to VALID, another error, a
 * sign-in that starts failing or succeeds again. A token merely refreshed (a new expiry, the same
 * state) publishes nothing, so a busy server does not flood subscribers.
 */
import type { TokenStatus } from '../oauth2/oauth2-client.js';
import type { TransportStatus } from '../transport/transport-status.js';
import type { TokenStatusOf } from './mail-session.service.js';

const SIDES = ['outgoing', 'incoming'] as const;

/** The state a status settles in: a fetch in flight keeps the state it had (a valid token, or the last failure). */
function settledState(status: TokenStatus): TokenStatus['state'] {
  if (status.state !== 'REFRESHING') return status.state;
  if (status.expiresAt !== null) return 'VALID';
  return status.lastError !== null ? 'FAILED' : 'NONE';
}

export class TokenStatusEvents {
  private last: string;

  constructor(
    private readonly status: TokenStatusOf,
    private readonly transports: () => { outgoing: TransportStatus; incoming: TransportStatus },
    private readonly publish: () => void,
  ) {
    this.last = this.key();
  }

  /** A settings version was published: its view showed the token statuses as they are now. */
  published(): void {
    this.last = this.key();
  }

  /**
   * A token fetch settled, or a sign-in's outcome changed: publishes when either server's token
   * state or error, or its transport's state or error, differs from the last published.
   */
  settled(): void {
    const key = this.key();
    if (key === this.last) return;
    this.last = key;
    this.publish();
  }

  private key(): string {
    const transports = this.transports();
    return JSON.stringify(
      SIDES.map((side) => {
        const status = this.status(side);
        return [settledState(status), status.lastError, transports[side].state, transports[side].lastError];
      }),
    );
  }
}
