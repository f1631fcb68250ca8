import { createTransport, type SendMailOptions } from 'nodemailer';
import type { App } from '../src/app';

interface SinkCount {
  received: number;
  duplicates: number;
}

async function sinkCount(countUrl: string): Promise<SinkCount> {
  return (await (await fetch(countUrl)).json()) as SinkCount;
}

/** Keeps `concurrency` sends in flight for `seconds`; returns sends that resolved and that failed. */
async function closedLoop(send: (mail: SendMailOptions) => Promise<unknown>, concurrency: number, seconds: number) {
  const deadline = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const i = n++;
        try {
          await send({ from: 'bench@bench.test', to: `r${i}@bench.test`, subject: `m${i}`, text: `message ${i}` });
          ok++;
        } catch {
          failed++;
        }
      }
    }),
  );
  return { ok, failed };
}

async function settle(countUrl: string, expected: number): Promise<SinkCount> {
  const deadline = Date.now() + 10_000;
  let count = await sinkCount(countUrl);
  while (count.received < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    count = await sinkCount(countUrl);
  }
  return count;
}

/**
 * Messages/s delivered to a local SMTP peer by the service's transport manager while the
 * settings change every second, against a plain pooled nodemailer transport with no changes.
 * Lost = sends that failed plus messages the peer never received.
 */
export async function transportSwap(app: App, smtpPort: number, countUrl: string, seconds: number, concurrency: number) {
  const plain = createTransport({ pool: true, host: '127.0.0.1', port: smtpPort, ignoreTLS: true });
  const before = await sinkCount(countUrl);
  const started = performance.now();
  const baseline = await closedLoop((mail) => plain.sendMail(mail), concurrency, seconds);
  const baselineSeconds = (performance.now() - started) / 1000;
  plain.close();
  const afterBaseline = await settle(countUrl, before.received + baseline.ok);

  const caller = { name: 'bench', roles: ['admin' as const] };
  let changes = 0;
  const changer = setInterval(() => {
    changes++;
    void app.mailSession.update({ additionalProperties: [{ key: 'mail.smtp.localhost', value: `v${changes}.bench.test` }] }, caller);
  }, 1000);
  const serviceStarted = performance.now();
  const service = await closedLoop((mail) => app.transports.send(mail), concurrency, seconds);
  const serviceSeconds = (performance.now() - serviceStarted) / 1000;
  clearInterval(changer);
  const afterService = await settle(countUrl, afterBaseline.received + service.ok);
  const receivedService = afterService.received - afterBaseline.received;
  const baselineRate = baseline.ok / baselineSeconds;
  const serviceRate = service.ok / serviceSeconds;
  return {
    concurrency,
    seconds,
    settingsChanges: changes,
    plainMessagesPerSecond: baselineRate,
    serviceMessagesPerSecond: serviceRate,
    ratio: serviceRate / baselineRate,
    lost: service.failed + Math.max(0, service.ok - receivedService),
    duplicates: afterService.duplicates - afterBaseline.duplicates,
    plainLost: baseline.failed + Math.max(0, baseline.ok - (afterBaseline.received - before.received)),
  };
}
