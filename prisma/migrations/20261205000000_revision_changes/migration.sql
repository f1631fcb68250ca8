-- AlterTable
ALTER TABLE "mail_session_revision" ADD COLUMN     "changes" JSONB NOT NULL DEFAULT '[]';
