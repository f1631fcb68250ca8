/**
 * A webhook receiver as an application would write one (not a test file itself): it checks each
 * request's `Mail-Session-Signature` with its own HMAC code (not the service's), and answers with
 * whatever status the test scripts per message.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  /** The global id the body names. */
  id: string;
  body: { inboundMessageReceived: Record<string, unknown> };
  rawBody: string;
  signatureValid: boolean;
  /** When it arrived (ms, performance.now()). */
  at: number;
  /** The status answered. */
  status: number;
}

/** Stripe's scheme: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">, `t` within 5 minutes. */
export function signatureIsValid(header: string | undefined, body: string, secret: string): boolean {
  const fields = new Map((header ?? '').split(',').map((part) => part.split('=') as [string, string]));
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookReceiver {
  readonly url: string;
  readonly deliveries: Delivery[];
  /** Answers `statuses` in turn to the pushes of message `id` (global id), then 200. */
  script(id: string, statuses: number[]): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const deliveries: Delivery[] = [];
  const scripts = new Map<string, number[]>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const signature = request.headers['mail-session-signature'];
      const signatureValid = signatureIsValid(typeof signature === 'string' ? signature : undefined, rawBody, secret);
      const body = JSON.parse(rawBody) as Delivery['body'];
      const id = String(body.inboundMessageReceived.id);
      const status = signatureValid ? (scripts.get(id)?.shift() ?? 200) : 401;
      deliveries.push({ id, body, rawBody, signatureValid, at: performance.now(), status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/inbound-mail?source=test`,
    deliveries,
    script: (id, statuses) => scripts.set(id, [...statuses]),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
