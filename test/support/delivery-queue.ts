import { OutboundDeliveryQueue } from '../../src/outbound/outbound-delivery-queue';
import { createLogger } from '../../src/platform/logging/logger';
import { JobQueue } from '../../src/platform/queue/job-queue';
import { LogCapture } from './test-app';

/**
 * A started job queue on `databaseUrl` (maintenance hourly: these tests take back no lease) with
 * the outbound delivery queue declared on it (a 30 s lease), for tests of delivery's statements
 * with no worker running. Stop `jobs` after them.
 */
export async function startDeliveryQueue(databaseUrl: string, applicationName: string): Promise<{ jobs: JobQueue; queue: OutboundDeliveryQueue }> {
  const jobs = new JobQueue({ databaseUrl, applicationName, log: createLogger('warn', new LogCapture()), maintenanceIntervalSeconds: 3_600 });
  await jobs.start();
  const queue = new OutboundDeliveryQueue(jobs);
  await queue.declare(30);
  return { jobs, queue };
}
