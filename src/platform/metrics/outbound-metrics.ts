import { Counter, Gauge, type Registry } from 'prom-client';

/** What the outbound gauges read at a scrape: the messages waiting or being sent, all instances together. */
export interface OutboundBacklogView {
  queued: number;
  retrying: number;
  sending: number;
  oldestWaitingSeconds: number;
}

export type OutboundBacklogSource = () => Promise<OutboundBacklogView>;

/** The outcomes of a delivery attempt, as counted. */
const OUTCOMES = ['sent', 'partially_sent', 'retrying', 'failed'] as const;
export type OutboundAttemptOutcome = (typeof OUTCOMES)[number];

/**
 * Application mail: the queue's depth by status and its oldest waiting message (read from the
 * database at a scrape, so every instance shows the same shared queue), and this instance's
 * delivery attempts by outcome.
 */
export function registerOutboundMetrics(registry: Registry, backlog: OutboundBacklogSource): { attempted(outcome: OutboundAttemptOutcome): void } {
  new Gauge({
    name: 'mail_session_outbound_messages',
    help: 'Application mail messages not yet done, all instances together: QUEUED and RETRYING wait, SENDING are being sent',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const now = await backlog();
      this.set({ status: 'QUEUED' }, now.queued);
      this.set({ status: 'RETRYING' }, now.retrying);
      this.set({ status: 'SENDING' }, now.sending);
    },
  });
  new Gauge({
    name: 'mail_session_outbound_oldest_waiting_seconds',
    help: 'Age (since acceptance) of the oldest application mail message still waiting (QUEUED or RETRYING); 0 when none waits',
    registers: [registry],
    async collect() {
      this.set((await backlog()).oldestWaitingSeconds);
    },
  });
  const attempts = new Counter({
    name: 'mail_session_outbound_attempts_total',
    help: "This instance's delivery attempts by outcome: sent (every recipient accepted), partially_sent (some refused), retrying (transient failure), failed (permanent, or the last attempt)",
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of OUTCOMES) attempts.inc({ outcome }, 0);
  return { attempted: (outcome) => attempts.inc({ outcome }) };
}
