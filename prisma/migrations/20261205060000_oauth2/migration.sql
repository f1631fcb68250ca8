-- OAuth 2.0 sign-in (issue 15): per server, how it signs in and its OAuth 2.0 client.
-- The client secret, refresh token and private key hold AES-256-GCM ciphertext (SecretBox), never plain text.

-- CreateEnum
CREATE TYPE "MailAuthentication" AS ENUM ('PASSWORD', 'OAUTH2');

-- CreateEnum
CREATE TYPE "OAuth2Grant" AS ENUM ('CLIENT_CREDENTIALS', 'REFRESH_TOKEN', 'JWT_BEARER');

-- AlterTable
ALTER TABLE "mail_session"
ADD COLUMN     "incoming_authentication" "MailAuthentication" NOT NULL DEFAULT 'PASSWORD',
ADD COLUMN     "incoming_oauth2_grant" "OAuth2Grant",
ADD COLUMN     "incoming_oauth2_token_url" TEXT,
ADD COLUMN     "incoming_oauth2_client_id" TEXT,
ADD COLUMN     "incoming_oauth2_scope" TEXT,
ADD COLUMN     "incoming_oauth2_service_account_email" TEXT,
ADD COLUMN     "incoming_oauth2_client_secret" TEXT,
ADD COLUMN     "incoming_oauth2_refresh_token" TEXT,
ADD COLUMN     "incoming_oauth2_private_key" TEXT,
ADD COLUMN     "outgoing_authentication" "MailAuthentication" NOT NULL DEFAULT 'PASSWORD',
ADD COLUMN     "outgoing_oauth2_grant" "OAuth2Grant",
ADD COLUMN     "outgoing_oauth2_token_url" TEXT,
ADD COLUMN     "outgoing_oauth2_client_id" TEXT,
ADD COLUMN     "outgoing_oauth2_scope" TEXT,
ADD COLUMN     "outgoing_oauth2_service_account_email" TEXT,
ADD COLUMN     "outgoing_oauth2_client_secret" TEXT,
ADD COLUMN     "outgoing_oauth2_refresh_token" TEXT,
ADD COLUMN     "outgoing_oauth2_private_key" TEXT;
