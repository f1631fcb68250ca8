import { Field, Int, ObjectType } from 'type-graphql';
import type { ConnectionSecurity as Security } from '../mail-settings/mail-session.model.js';
import { ConnectionSecurity } from '../mail-settings/mail-session.enums.js';
import { EmailAddressScalar } from '../platform/graphql/scalars.js';
import type { AuthMechanismName, CheckFailureCode, CheckStepName } from './check-step.js';
import { MailAuthMechanism, MailCheckFailureCode, MailCheckStepName, MailServerProtocol, TlsMode } from './mail-check.enums.js';

@ObjectType({ description: "The server's certificate as presented" })
export class CertificateInfo {
  @Field({ description: 'Subject distinguished name, e.g. CN=mail.example.com' }) subject!: string;
  @Field({ description: 'Issuer distinguished name' }) issuer!: string;
  @Field(() => [String], { description: 'Subject alternative names, e.g. DNS:mail.example.com' }) subjectAltNames!: string[];
  @Field({ description: 'Not valid before' }) validFrom!: Date;
  @Field({ description: 'Not valid after' }) validTo!: Date;
  @Field({ description: 'SHA-256 fingerprint, colon-separated hexadecimal' }) fingerprint256!: string;
}

@ObjectType({ description: 'The TLS session a step set up' })
export class TlsInfo {
  @Field(() => TlsMode, { description: 'How TLS was started' }) mode!: keyof typeof TlsMode;
  @Field(() => String, { nullable: true, description: 'TLS version, e.g. TLSv1.3' }) protocol!: string | null;
  @Field(() => String, { nullable: true, description: 'Cipher suite, in OpenSSL naming' }) cipher!: string | null;
  @Field({ description: 'Chain, validity and (unless turned off) host name all verified' }) verified!: boolean;
  @Field(() => String, { nullable: true, description: "Why it did not verify, in OpenSSL's or Node's words (e.g. CERT_HAS_EXPIRED)" })
  verificationError!: string | null;
  @Field(() => CertificateInfo, { nullable: true, description: "The server's certificate; null when it presented none" }) certificate!: CertificateInfo | null;
}

@ObjectType({ description: 'TOKEN: what obtaining the OAuth 2.0 access token showed; never the token' })
export class OAuth2TokenCheck {
  @Field({ description: 'The token endpoint as host:port' }) endpoint!: string;
  @Field({ description: 'A connection to the token endpoint was made (the network policy permitted its address)' }) reached!: boolean;
  @Field({ description: "The endpoint's certificate chain and host name verified" }) tlsVerified!: boolean;
  @Field({ description: 'The endpoint answered with an access token' }) grantAccepted!: boolean;
  @Field(() => String, { nullable: true, description: 'The scopes the provider granted; null when its answer named none' }) scopeGranted!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the access token expires; null when the answer gave no expiry' }) expiresAt!: Date | null;
}

@ObjectType({ description: 'One step of a test, with what it learned' })
export class MailCheckStep {
  @Field(() => MailCheckStepName, { description: 'Which step' }) name!: CheckStepName;
  @Field({ description: 'The step passed, or was skipped' }) ok!: boolean;
  @Field({ description: 'The step did not apply (no TLS wanted or offered, no user to authenticate)' }) skipped!: boolean;
  @Field(() => Int, { description: 'How long the step took, in milliseconds' }) durationMs!: number;
  @Field(() => MailCheckFailureCode, { nullable: true, description: 'Set when ok is false' }) code!: CheckFailureCode | null;
  @Field({ description: 'What happened, for an administrator; never a secret' }) message!: string;
  @Field(() => [String], {
    nullable: true,
    description: 'Always null: the addresses a host name resolves to are not shown (the DNS step says how many)',
    deprecationReason: "Not returned: it let a caller read this service's DNS. The DNS step's message gives the number of addresses.",
  })
  addresses?: string[];
  @Field(() => String, { nullable: true, description: 'TCP: the address and port connected to, when the host is given as an IP address' })
  remoteAddress?: string;
  @Field(() => TlsInfo, { nullable: true, description: 'TLS: the session set up' }) tls?: TlsInfo;
  @Field(() => String, { nullable: true, description: "GREETING: the server's banner" }) greeting?: string;
  @Field(() => [String], { nullable: true, description: 'EHLO extensions, POP3 CAPA or IMAP CAPABILITY' }) extensions?: string[];
  @Field(() => MailAuthMechanism, {
    nullable: true,
    description: 'AUTHENTICATION: how the test logged in (SMTP and POP3; for IMAP only with OAuth 2.0: OAUTHBEARER or XOAUTH2)',
  })
  authMechanism?: AuthMechanismName;
  @Field(() => String, {
    nullable: true,
    description:
      'SENDER: the MAIL FROM address tried. A String, not an EmailAddress: mail.smtp.from may be an address literal (bounces@[192.0.2.1]), which EmailAddress does not accept',
  })
  sender?: string;
  @Field(() => String, {
    nullable: true,
    description: 'SENDER: the RCPT TO address tried (the test recipient, else the sender, hence a String as sender is)',
  })
  recipient?: string;
  @Field(() => Int, { nullable: true, description: 'MAILBOX: messages in the mailbox (INBOX for IMAP)' }) messageCount?: number;
  @Field(() => Int, { nullable: true, description: 'MAILBOX: unread messages (IMAP)' }) unseenCount?: number;
  @Field(() => OAuth2TokenCheck, { nullable: true, description: 'TOKEN: what obtaining the access token showed, when the token cache reports it' })
  token?: OAuth2TokenCheck;
}

@ObjectType({ description: "One server's test" })
export class ServerCheckReport {
  @Field(() => MailServerProtocol, { description: 'The protocol the server speaks' }) protocol!: keyof typeof MailServerProtocol;
  @Field(() => String, { nullable: true, description: 'The host tested; null when none is set' }) host!: string | null;
  @Field(() => Int, { description: 'The port tested' }) port!: number;
  @Field(() => ConnectionSecurity, { description: 'The security mode tested' }) security!: Security;
  @Field({ description: 'False when no host is set: nothing to test' }) tested!: boolean;
  @Field({ description: 'Tested and every step passed' }) ok!: boolean;
  @Field(() => [MailCheckStep], { description: 'The steps run, in order; the first failed step is the last' }) steps!: MailCheckStep[];
}

/**
 * What testMailSession returns. The test's outcome is the payload's own fields rather than a
 * nested `report`: a test has no identity for a cache to keep, and a client reads
 * `testMailSession(input: …) { ok outgoing { … } }` without a level that says nothing.
 */
@ObjectType({ description: 'The outcome of testMailSession; nothing was saved or sent' })
export class TestMailSessionPayload {
  @Field({ description: 'At least one server was tested and every tested server passed' }) ok!: boolean;
  @Field({ description: 'True when candidate settings (input.settings) were tested, false for the saved ones' }) candidate!: boolean;
  @Field(() => Int, { description: 'Version of the saved settings tested, or that the candidate was merged over' }) baseVersion!: number;
  @Field(() => Int, { description: 'How long the whole test took, in milliseconds' }) durationMs!: number;
  @Field(() => ServerCheckReport, { description: 'The outgoing (SMTP) server' }) outgoing!: ServerCheckReport;
  @Field(() => ServerCheckReport, { description: 'The incoming (POP3 or IMAP) server' }) incoming!: ServerCheckReport;
}

@ObjectType({ description: 'What the SMTP server said to the test e-mail of sendTestEmail' })
export class SendTestEmailPayload {
  @Field(() => [EmailAddressScalar], { description: 'Recipients the server accepted' }) accepted!: string[];
  @Field(() => [EmailAddressScalar], { description: 'Recipients the server refused' }) rejected!: string[];
  @Field({ description: "The server's final reply" }) response!: string;
  @Field({ description: 'Message-ID header of the message sent' }) messageId!: string;
}
