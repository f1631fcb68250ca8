-- Incoming mail (issue 17): each message read from the incoming mailbox, stored once before the
-- server's copy is deleted. `raw` (the message source) is dropped after INBOUND_RETENTION_DAYS.

-- CreateEnum
CREATE TYPE "InboundStatus" AS ENUM ('NEW', 'ACKNOWLEDGED', 'REFUSED');

-- CreateTable
CREATE TABLE "inbound_message" (
    "id" UUID NOT NULL,
    "status" "InboundStatus" NOT NULL DEFAULT 'NEW',
    "mailbox" TEXT NOT NULL,
    "uid_validity" BIGINT,
    "uid" BIGINT,
    "uidl" TEXT,
    "message_id" TEXT,
    "from_name" TEXT,
    "from_address" TEXT,
    "to_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cc_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subject" TEXT,
    "date" TIMESTAMPTZ(3),
    "size_bytes" INTEGER NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '[]',
    "text_body" TEXT,
    "html_body" TEXT,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "raw" BYTEA,
    "unparseable" BOOLEAN NOT NULL DEFAULT false,
    "refused_reason" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "raw_deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "inbound_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "inbound_message_mailbox_uid_validity_uid_key" ON "inbound_message"("mailbox", "uid_validity", "uid");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_message_mailbox_uidl_key" ON "inbound_message"("mailbox", "uidl");

-- CreateIndex
CREATE INDEX "inbound_message_status_received_at_idx" ON "inbound_message"("status", "received_at");

-- CreateIndex
CREATE INDEX "inbound_message_mailbox_message_id_idx" ON "inbound_message"("mailbox", "message_id");
