-- Handing stored inbound messages to the application (issue 17): the subscription learns of each
-- new row on every instance, and the webhook push survives an instance that dies between storing
-- a message and queueing its webhook.

-- When the row's webhook job was queued (in the same transaction as this column was set); null:
-- not yet, so a sweep on any instance queues it. Rows stored while no webhook is configured stay
-- null and are pushed once one is.
ALTER TABLE "inbound_message" ADD COLUMN "webhook_queued_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "inbound_message_webhook_queued_at_received_at_idx" ON "inbound_message"("webhook_queued_at", "received_at");

-- Every stored message is announced to all instances with its id, whoever wrote the row. NOTIFY
-- is delivered only when the writing transaction commits, and never when it rolls back.
CREATE FUNCTION "inbound_message_notify_stored"() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('inbound_message_stored', NEW."id"::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "inbound_message_stored"
    AFTER INSERT ON "inbound_message"
    FOR EACH ROW EXECUTE FUNCTION "inbound_message_notify_stored"();
