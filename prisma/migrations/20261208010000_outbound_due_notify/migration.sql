-- Application mail (issue 16), delivery wake-up: a message that becomes due at once (accepted, or
-- put back by retryOutboundMessage) is announced on the channel `outbound_message_due` when its
-- transaction commits, together with its queue job, so that an idle worker on any instance takes
-- it within milliseconds instead of at its next poll. The poll stays, for retries due later and
-- for a listener that lost its connection.

CREATE FUNCTION "outbound_message_notify_due"() RETURNS trigger AS $$
BEGIN
    -- A NOTIFY makes every committing transaction that sent one wait for the others (PostgreSQL
    -- keeps the notification queue in commit order): under a stream of acceptances that would
    -- take away the commits' grouping. Messages accepted shortly before (not this transaction's)
    -- still waiting mean the workers have work and look again as each attempt ends: no
    -- announcement. Only recent ones count: a row left QUEUED long ago must not silence it.
    IF TG_OP = 'INSERT' AND EXISTS (
        SELECT 1 FROM "outbound_message"
        WHERE "status" = 'QUEUED' AND "next_attempt_at" IS NULL
          AND "accepted_at" BETWEEN now() - interval '5 seconds' AND now() - interval '50 milliseconds'
    ) THEN
        RETURN NULL;
    END IF;
    -- No payload: a worker looks for due jobs, whichever they are. Notifications with the same
    -- payload in one transaction are folded into one.
    PERFORM pg_notify('outbound_message_due', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Once per INSERT statement, however many rows it writes.
CREATE TRIGGER "outbound_message_accepted"
    AFTER INSERT ON "outbound_message"
    FOR EACH STATEMENT EXECUTE FUNCTION "outbound_message_notify_due"();

-- Only a change to QUEUED (retryOutboundMessage): the delivery's own updates do not fire it.
CREATE TRIGGER "outbound_message_requeued"
    AFTER UPDATE OF "status" ON "outbound_message"
    FOR EACH ROW WHEN (NEW."status" = 'QUEUED' AND OLD."status" IS DISTINCT FROM 'QUEUED')
    EXECUTE FUNCTION "outbound_message_notify_due"();
