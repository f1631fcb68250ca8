-- Application mail (issue 16): each message accepted by sendEmail, from acceptance to its last
-- attempt. Its queue job lives in pg-boss's own schema (`pgboss`), written in the same transaction.

-- CreateEnum
CREATE TYPE "OutboundStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'RETRYING', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "outbound_message" (
    "id" UUID NOT NULL,
    "status" "OutboundStatus" NOT NULL DEFAULT 'QUEUED',
    "message_id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "content_hash" TEXT NOT NULL,
    "from_name" TEXT,
    "from_address" TEXT,
    "to_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cc_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "bcc_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "reply_to" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subject" TEXT NOT NULL DEFAULT '',
    "text_body" TEXT,
    "html_body" TEXT,
    "headers" JSONB NOT NULL DEFAULT '[]',
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "size_bytes" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_error_code" TEXT,
    "last_error_message" TEXT,
    "last_reply" TEXT,
    "accepted_recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "rejected_recipients" JSONB NOT NULL DEFAULT '[]',
    "settings_version" INTEGER,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "content_deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbound_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbound_message_message_id_key" ON "outbound_message"("message_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbound_message_created_by_idempotency_key_key" ON "outbound_message"("created_by", "idempotency_key");

-- CreateIndex
CREATE INDEX "outbound_message_status_accepted_at_idx" ON "outbound_message"("status", "accepted_at");

-- CreateIndex
CREATE INDEX "outbound_message_created_by_accepted_at_idx" ON "outbound_message"("created_by", "accepted_at");
