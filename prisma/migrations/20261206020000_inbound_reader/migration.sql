-- Incoming mail reader (issue 17): where reading each IMAP folder got to, and what the one
-- poller of the deployment last did (shown to admins by every instance).

-- CreateTable
CREATE TABLE "inbound_cursor" (
    "mailbox" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "last_uid" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_cursor_pkey" PRIMARY KEY ("mailbox")
);

-- CreateTable
CREATE TABLE "inbound_poller" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "instance_id" TEXT NOT NULL,
    "mailbox" TEXT,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "last_poll_at" TIMESTAMPTZ(3),
    "messages_seen" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_poller_pkey" PRIMARY KEY ("id")
);
