import type { Logger } from 'pino';
import type { InboundWebhookSettings } from '../config/inbound-settings.js';
import { AddressNotAllowedError } from '../platform/network/network-connect.js';
import type { InboundMessageRepository } from './inbound-message.repository.js';
import type { InboundMessage } from './inbound-message.type.js';
import { inboundMessageView } from './inbound-message.view.js';
import { postWebhook, type WebhookPostOptions } from './inbound-webhook.post.js';
import { SIGNATURE_HEADER, signatureHeader } from './inbound-webhook.signature.js';

/** A push that did not get a 2xx answer; pg-boss retries it. */
export class WebhookPushFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookPushFailed';
  }
}

/**
 * The JSON body of a push: the same shape as the `inboundMessageReceived` subscription's data
 * (the InboundMessage type, its raw source left out), as the message stands when pushed.
 */
export function webhookBody(message: InboundMessage): string {
  const { localId: _localId, ...fields } = message;
  return JSON.stringify({ inboundMessageReceived: fields });
}

export interface InboundWebhookPushOptions extends Omit<WebhookPostOptions, 'timeoutMs'> {
  readonly settings: InboundWebhookSettings;
  readonly repository: InboundMessageRepository;
  readonly log: Logger;
  /** Unix seconds; tests may move the clock. */
  readonly now?: () => number;
}

/** Pushes one stored message to INBOUND_WEBHOOK_URL, signed; throws when the receiver did not answer 2xx. */
export function inboundWebhookPush(options: InboundWebhookPushOptions): (localId: string, attempt: number) => Promise<void> {
  const url = new URL(options.settings.url);
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  return async (localId, attempt) => {
    const row = await options.repository.find(localId);
    // Deleted since it was stored: nothing is left to push.
    if (row === null) return;
    const body = webhookBody(inboundMessageView(row));
    const headers = { [SIGNATURE_HEADER]: signatureHeader(options.settings.secret, now(), body) };
    let status: number;
    try {
      status = await postWebhook(url, body, headers, { network: options.network, trust: options.trust, timeoutMs: options.settings.timeoutMs });
    } catch (error) {
      const reason = error instanceof AddressNotAllowedError ? error.message : `no answer (${(error as { code?: string }).code ?? (error as Error).message})`;
      options.log.warn({ inboundMessage: localId, attempt, reason }, 'inbound webhook push failed; retried with backoff');
      throw new WebhookPushFailed(reason);
    }
    if (status < 200 || status >= 300) {
      options.log.warn({ inboundMessage: localId, attempt, status }, 'inbound webhook push refused; retried with backoff');
      throw new WebhookPushFailed(`the webhook answered HTTP ${status}`);
    }
    options.log.info({ inboundMessage: localId, attempt, status }, 'inbound webhook pushed');
  };
}
