import type { OutboundDeliveryQueue } from './outbound-delivery-queue.js';
import { PreparedStatement } from '../platform/database/prepared-statement.js';

/**
 * The statements of every attempt (OutboundDeliveryRepository), built once per queue and prepared
 * by name on the pool's connections.
 */
export interface DeliveryStatements {
  /** $1: how many due jobs to take. */
  claimDue: PreparedStatement;
  /** $1 job id, $2 its started_on by the claim, $3–$5 the job's state, started_on, retry_count before, $6 message id, $7–$9 its status, next_attempt_at, delivery_job_id before. */
  unclaim: PreparedStatement;
  /** $1 the outcomes as a JSON array, $2 their jobs' ids. */
  recordFinals: PreparedStatement;
}

/**
 * Each statement reaches outbound_message by its primary key whatever the plan: the rows it
 * updates are named by `id = ANY (ARRAY(...))` as well as by the join, and the record compares
 * the status as text. A prepared statement keeps a generic plan, made without the limit or the
 * outcomes it will get; planned from the statistics alone, a claim joined the table by a
 * sequential scan and a record went through the status index (both tested in
 * test/outbound/delivery-plans.test.ts), costing in proportion to the records kept.
 */
export function deliveryStatements(queue: OutboundDeliveryQueue): DeliveryStatements {
  return {
    // `was` is the row as the statement's snapshot saw it, before this update: what `unclaim` restores.
    claimDue: new PreparedStatement(
      `WITH ${queue.fetchStatement(1, 'jobs')},
    claimed AS (
      UPDATE outbound_message m SET
        status = 'SENDING',
        attempts = m.attempts + 1,
        next_attempt_at = NULL,
        delivery_job_id = jobs.id,
        updated_at = now()
      FROM jobs, outbound_message was
      WHERE m.id = ANY (ARRAY(SELECT (data->>'id')::uuid FROM jobs)) AND was.id = ANY (ARRAY(SELECT (data->>'id')::uuid FROM jobs))
        AND m.id = (jobs.data->>'id')::uuid AND was.id = m.id
        AND (m.status IN ('QUEUED', 'RETRYING')
          OR (m.status = 'SENDING' AND (jobs.retry_count > 0 OR jobs.data->>'takeOver' = 'true')))
      RETURNING m.delivery_job_id AS job_id, json_build_object(
        'id', m.id, 'messageId', m.message_id, 'fromName', m.from_name, 'fromAddress', m.from_address,
        'toAddresses', m.to_addresses, 'ccAddresses', m.cc_addresses, 'bccAddresses', m.bcc_addresses,
        'replyTo', m.reply_to, 'subject', m.subject, 'textBody', m.text_body, 'htmlBody', m.html_body,
        'headers', m.headers, 'attachments', m.attachments, 'attempts', m.attempts) AS message,
        json_build_object('status', was.status, 'nextAttemptAt', was.next_attempt_at, 'deliveryJobId', was.delivery_job_id) AS was
    )
    SELECT jobs.id::text AS job_id, jobs.data AS job_data, jobs.retry_count, jobs.started_on, jobs.was_state, jobs.was_started_on, jobs.was_retry_count,
      claimed.message, claimed.was
    FROM jobs LEFT JOIN claimed ON claimed.job_id = jobs.id`,
    ),
    unclaim: new PreparedStatement(
      `WITH job AS (${queue.unfetchStatement(1)}),
    message AS (
      UPDATE outbound_message SET
        status = $7::"OutboundStatus",
        attempts = attempts - 1,
        next_attempt_at = $8::timestamptz,
        delivery_job_id = $9::uuid,
        updated_at = now()
      WHERE id = $6::uuid AND status = 'SENDING' AND delivery_job_id = $1::uuid AND EXISTS (SELECT 1 FROM job)
      RETURNING id
    )
    SELECT (SELECT count(*) FROM job)::int AS jobs, (SELECT count(*) FROM message)::int AS messages`,
    ),
    recordFinals: new PreparedStatement(
      `WITH input AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb)
        AS x(id uuid, status text, accepted text[], rejected jsonb, reply text, code text, message text, version int, job uuid)
    ), message AS (
      UPDATE outbound_message m SET
        status = x.status::"OutboundStatus",
        sent_at = CASE WHEN x.status = 'SENT' THEN now() ELSE m.sent_at END,
        accepted_recipients = COALESCE(x.accepted, m.accepted_recipients),
        rejected_recipients = COALESCE(x.rejected, m.rejected_recipients),
        last_reply = CASE WHEN x.status = 'SENT' THEN m.last_reply ELSE x.reply END,
        last_error_code = CASE WHEN x.status = 'SENT' THEN m.last_error_code ELSE x.code END,
        last_error_message = CASE WHEN x.status = 'SENT' THEN m.last_error_message ELSE x.message END,
        settings_version = COALESCE(x.version, m.settings_version),
        next_attempt_at = NULL,
        updated_at = now()
      FROM input x
      WHERE m.id = ANY (ARRAY(SELECT id FROM input)) AND m.id = x.id AND m.status::text = 'SENDING'
      RETURNING m.id
    ), job AS (${queue.completionsStatement(2)})
    SELECT (SELECT count(*) FROM message)::int AS messages, (SELECT count(*) FROM job)::int AS jobs`,
    ),
  };
}
