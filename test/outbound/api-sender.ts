/**
 * The application's side of sendEmail, for the big delivery tests: many requests at once over
 * HTTP, spread over service instances, each with its own idempotency key, and a client's retries:
 * a request that got no answer (its instance died) is sent again with the same key to the next
 * instance; one answered UNAVAILABLE is sent again after a short wait. Anything else ends the run.
 */
import type { Instance } from './service-instances';
import { SENDER_TOKENS } from './service-instances';

/** The header that names the request a delivered message came from. */
export const REQUEST_HEADER = 'X-Test-Request';

/** What sendEmail answered for a request (its last answer, after any retries). */
export interface Answer {
  index: number;
  id: string;
  messageId: string;
  duplicate: boolean;
  instance: string;
  at: number;
}

/** A try of a request that was not answered with a message. */
export interface Refusal {
  index: number;
  instance: string;
  at: number;
  /** `no-answer`: the connection failed or closed before a response; `error`: a GraphQL error (code in `code`). */
  kind: 'no-answer' | 'error';
  /** The HTTP status of an `error`. */
  status?: number;
  /** `extensions.code` of an `error`; for `no-answer`, the socket error's code (ECONNREFUSED, ECONNRESET, ...) when there is one. */
  code: string | undefined;
  message: string;
}

export interface ApiSenderOptions {
  count: number;
  /** Requests in flight at once. */
  parallel: number;
  /** The instances to send to, read before each try: a test drops one it killed. Round robin. */
  targets: () => readonly Instance[];
  /** GraphQL error codes the client retries (after `retryAfterMs`); any other error ends the run. */
  retryCodes?: readonly string[];
  retryAfterMs?: number;
  /** The most tries of one request before the run fails. */
  maxTries?: number;
}

const SEND_EMAIL = `mutation Send($input: SendEmailInput!) { sendEmail(input: $input) { duplicate message { id messageId status } } }`;

/** The input of request `index`: its own recipient, subject, body, header and idempotency key. */
export function requestInput(index: number): Record<string, unknown> {
  return {
    to: [`rcpt${index}@outbound.test`],
    subject: `message ${index}`,
    text: `body of request ${index}`,
    headers: [{ name: REQUEST_HEADER, value: String(index) }],
    idempotencyKey: `request-${index}`,
  };
}

/** The sender token of request `index`: the requests alternate between two applications (idempotency keys are per caller). */
export function senderTokenOf(index: number): string {
  return SENDER_TOKENS[index % SENDER_TOKENS.length] ?? SENDER_TOKENS[0];
}

/** The request index in a delivered message's headers, if any. */
export function requestIndexOf(headers: string): number | undefined {
  const match = new RegExp(`^${REQUEST_HEADER}:\\s*(\\d+)\\s*$`, 'im').exec(headers);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

type Try = { kind: 'answer'; answer: Omit<Answer, 'index' | 'at'> } | { kind: 'refused'; refusal: Omit<Refusal, 'index' | 'at'> };

async function tryOnce(instance: Instance, index: number): Promise<Try> {
  let response: Response;
  let body: {
    data?: { sendEmail: { duplicate: boolean; message: { id: string; messageId: string } } } | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  try {
    response = await fetch(instance.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${senderTokenOf(index)}` },
      body: JSON.stringify({ query: SEND_EMAIL, variables: { input: requestInput(index) } }),
      signal: AbortSignal.timeout(30_000),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : undefined;
    return { kind: 'refused', refusal: { instance: instance.name, kind: 'no-answer', code, message: String(error) } };
  }
  const sent = body.data?.sendEmail;
  if (sent && !body.errors) {
    return { kind: 'answer', answer: { instance: instance.name, id: sent.message.id, messageId: sent.message.messageId, duplicate: sent.duplicate } };
  }
  const first = body.errors?.[0];
  return {
    kind: 'refused',
    refusal: {
      instance: instance.name,
      kind: 'error',
      status: response.status,
      code: first?.extensions?.code,
      message: first?.message ?? JSON.stringify(body),
    },
  };
}

/** Sends `count` requests through sendEmail as an application would; see the file's comment. */
export class ApiSender {
  /** The answer of each request, by index (the last one when it was retried). */
  readonly answers = new Map<number, Answer>();
  /** Every try that was not answered with a message, in order. */
  readonly refusals: Refusal[] = [];
  /** Resolves when every request is answered; rejects on an error the client does not retry. */
  readonly done: Promise<void>;
  private next = 0;
  private turn = 0;
  private failed: Error | undefined;
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly options: ApiSenderOptions) {
    this.done = Promise.all(Array.from({ length: options.parallel }, () => this.work())).then(() => undefined);
    // The test awaits `done` at its end; until then a failure must not be an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** Resolves once `count` requests are answered (rejects after `timeoutMs`, or when the run fails). */
  whenAnswered(count: number, timeoutMs = 60_000): Promise<void> {
    if (this.answers.size >= count) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.answers.size} of ${count} requests answered within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      this.done.catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  /** The requests that were refused at least once and then answered, with how they were refused. */
  retried(): { index: number; refusals: Refusal[]; answer: Answer | undefined }[] {
    const byIndex = new Map<number, Refusal[]>();
    for (const refusal of this.refusals) byIndex.set(refusal.index, [...(byIndex.get(refusal.index) ?? []), refusal]);
    return [...byIndex].map(([index, refusals]) => ({ index, refusals, answer: this.answers.get(index) }));
  }

  private target(): Instance {
    const targets = this.options.targets();
    const instance = targets[this.turn++ % targets.length];
    if (!instance) throw new Error('no instance to send to');
    return instance;
  }

  private async work(): Promise<void> {
    const { count, retryCodes = [], retryAfterMs = 100, maxTries = 100 } = this.options;
    while (this.next < count && !this.failed) {
      const index = this.next++;
      for (let tries = 1; !this.failed; tries++) {
        const result = await tryOnce(this.target(), index);
        if (result.kind === 'answer') {
          this.answers.set(index, { ...result.answer, index, at: Date.now() });
          for (const waiter of this.waiters.filter((w) => this.answers.size >= w.count)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
          break;
        }
        const refusal: Refusal = { ...result.refusal, index, at: Date.now() };
        this.refusals.push(refusal);
        const retried = refusal.kind === 'no-answer' || (refusal.code !== undefined && retryCodes.includes(refusal.code));
        if (!retried || tries >= maxTries) {
          this.failed = new Error(`request ${index} refused (try ${tries}): ${JSON.stringify(refusal)}`);
          throw this.failed;
        }
        if (refusal.kind === 'error') await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
      }
    }
  }
}
