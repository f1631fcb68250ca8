-- CreateEnum
CREATE TYPE "MailProtocol" AS ENUM ('POP3', 'IMAP');

-- CreateEnum
CREATE TYPE "ConnectionSecurity" AS ENUM ('NONE', 'STARTTLS_OPTIONAL', 'STARTTLS', 'TLS');

-- CreateTable
CREATE TABLE "mail_session" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,
    "incoming_protocol" "MailProtocol" NOT NULL DEFAULT 'POP3',
    "incoming_host" TEXT,
    "incoming_port" INTEGER NOT NULL DEFAULT 110,
    "incoming_security" "ConnectionSecurity" NOT NULL DEFAULT 'NONE',
    "incoming_user" TEXT,
    "incoming_password" TEXT,
    "incoming_delete_after_fetch" BOOLEAN NOT NULL DEFAULT true,
    "outgoing_host" TEXT,
    "outgoing_port" INTEGER NOT NULL DEFAULT 25,
    "outgoing_security" "ConnectionSecurity" NOT NULL DEFAULT 'NONE',
    "outgoing_user" TEXT,
    "outgoing_password" TEXT,
    "additional_properties" JSONB NOT NULL DEFAULT '[]',
    "default_sender_name" TEXT,
    "default_sender_address" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "mail_session_pkey" PRIMARY KEY ("id"),
    -- Not expressible in schema.prisma: the settings are a single row.
    CONSTRAINT "mail_session_single_row" CHECK ("id" = 1)
);

-- CreateTable
CREATE TABLE "mail_session_revision" (
    "id" SERIAL NOT NULL,
    "version" INTEGER NOT NULL,
    "changed_fields" TEXT[],
    "changed_by" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "snapshot" JSONB NOT NULL,

    CONSTRAINT "mail_session_revision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mail_session_revision_version_key" ON "mail_session_revision"("version");

-- CreateIndex
CREATE INDEX "mail_session_revision_changed_at_idx" ON "mail_session_revision"("changed_at");

-- The settings row exists from the start, at version 0 (nothing configured).
INSERT INTO "mail_session" ("id") VALUES (1);

-- Every committed change to the settings is announced to all instances. NOTIFY is delivered
-- only when the writing transaction commits, and never when it rolls back.
CREATE FUNCTION "mail_session_notify_change"() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('mail_session_changed', NEW."version"::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "mail_session_changed"
    AFTER INSERT OR UPDATE ON "mail_session"
    FOR EACH ROW EXECUTE FUNCTION "mail_session_notify_change"();
