-- Application mail (issue 16), delivery side.

-- The job whose attempt set the message SENDING: a claim retried after a lost reply (the database
-- cut mid-commit) recognises its own claim instead of taking the message for someone else's.
-- AlterTable
ALTER TABLE "outbound_message" ADD COLUMN "delivery_job_id" UUID;

-- The pace of sends to an SMTP server (OUTBOUND_MAX_PER_MINUTE), shared by every instance: one
-- row per server holding its next free send slot, taken atomically.
-- CreateTable
CREATE TABLE "outbound_pace" (
    "server" TEXT NOT NULL,
    "next_slot_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbound_pace_pkey" PRIMARY KEY ("server")
);
