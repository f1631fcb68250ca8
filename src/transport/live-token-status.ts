/**
 * The OAuth 2.0 token status each server shows (`oauth2.token`): what the live transport's token
 * cache says, NONE when the live transport signs in with a password or there is none.
 */
import type { TokenStatus } from '../oauth2/oauth2-client.js';
import type { TransportManager } from './transport-manager.js';

const NONE: TokenStatus = { state: 'NONE', expiresAt: null, lastError: null };

export function liveTokenStatus(transports: TransportManager, side: 'outgoing' | 'incoming'): TokenStatus {
  const oauth2 = side === 'outgoing' ? transports.outgoingConnection()?.oauth2 : transports.incomingConnection()?.oauth2;
  return oauth2?.tokens.status() ?? NONE;
}
