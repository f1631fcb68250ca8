import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UpdateMailSessionInput } from '../mail-settings/mail-session.input.js';
import type { CheckFailureCode, CheckStepName } from './check-step.js';

export const MailCheckFailureCode = {
  HOST_NOT_FOUND: 'HOST_NOT_FOUND',
  DNS_FAILED: 'DNS_FAILED',
  ADDRESS_NOT_ALLOWED: 'ADDRESS_NOT_ALLOWED',
  CONNECTION_REFUSED: 'CONNECTION_REFUSED',
  NETWORK_UNREACHABLE: 'NETWORK_UNREACHABLE',
  TIMEOUT: 'TIMEOUT',
  CONNECTION_CLOSED: 'CONNECTION_CLOSED',
  TLS_HANDSHAKE_FAILED: 'TLS_HANDSHAKE_FAILED',
  CERTIFICATE_UNTRUSTED: 'CERTIFICATE_UNTRUSTED',
  CERTIFICATE_EXPIRED: 'CERTIFICATE_EXPIRED',
  CERTIFICATE_NAME_MISMATCH: 'CERTIFICATE_NAME_MISMATCH',
  STARTTLS_UNAVAILABLE: 'STARTTLS_UNAVAILABLE',
  CLIENT_REJECTED: 'CLIENT_REJECTED',
  PROTOCOL_ERROR: 'PROTOCOL_ERROR',
  AUTH_UNAVAILABLE: 'AUTH_UNAVAILABLE',
  AUTH_FAILED: 'AUTH_FAILED',
  SENDER_NOT_SET: 'SENDER_NOT_SET',
  SENDER_REFUSED: 'SENDER_REFUSED',
  RECIPIENT_REFUSED: 'RECIPIENT_REFUSED',
  MESSAGE_REFUSED: 'MESSAGE_REFUSED',
  MAILBOX_UNAVAILABLE: 'MAILBOX_UNAVAILABLE',
  SETTINGS_INVALID: 'SETTINGS_INVALID',
} as const satisfies Record<CheckFailureCode, CheckFailureCode>;

export const MailCheckStepName = {
  SETTINGS: 'SETTINGS',
  DNS: 'DNS',
  TCP: 'TCP',
  TLS: 'TLS',
  GREETING: 'GREETING',
  AUTHENTICATION: 'AUTHENTICATION',
  SENDER: 'SENDER',
  MAILBOX: 'MAILBOX',
} as const satisfies Record<CheckStepName, CheckStepName>;

export const TlsMode = { IMPLICIT: 'IMPLICIT', STARTTLS: 'STARTTLS' } as const;

registerEnumType(MailCheckFailureCode, {
  name: 'MailCheckFailureCode',
  description: 'Why a step of a mail server test failed',
  valuesConfig: {
    HOST_NOT_FOUND: { description: 'The host name does not resolve (NXDOMAIN)' },
    DNS_FAILED: { description: 'The resolver failed for another reason (unreachable, SERVFAIL)' },
    ADDRESS_NOT_ALLOWED: {
      description: "Every address of the host is refused by this service's network policy (MAIL_NETWORK_DENY, MAIL_NETWORK_ALLOW); nothing was connected",
    },
    CONNECTION_REFUSED: { description: 'Nothing listens on the port, or a firewall rejects the connection' },
    NETWORK_UNREACHABLE: { description: 'No route to the host from this service' },
    TIMEOUT: { description: "A step exceeded its time limit, or the whole test's" },
    CONNECTION_CLOSED: { description: 'The server closed the connection mid-dialogue' },
    TLS_HANDSHAKE_FAILED: { description: 'No TLS session could be set up (plain port, no common version or cipher)' },
    CERTIFICATE_UNTRUSTED: { description: 'The certificate does not chain to a trusted authority (e.g. self-signed)' },
    CERTIFICATE_EXPIRED: { description: 'The certificate has expired or is not yet valid' },
    CERTIFICATE_NAME_MISMATCH: { description: 'The certificate is not issued for the configured host' },
    STARTTLS_UNAVAILABLE: { description: 'Security STARTTLS is required but the server does not offer or refuses it' },
    CLIENT_REJECTED: { description: "The server refuses this service's address at connect (e.g. 554 5.7.1 Client host rejected)" },
    PROTOCOL_ERROR: { description: 'The server does not speak the expected protocol, or answered unexpectedly' },
    AUTH_UNAVAILABLE: { description: 'The server offers no authentication mechanism this service will use' },
    AUTH_FAILED: { description: 'The server refused the user name or password, or none is set' },
    SENDER_NOT_SET: { description: 'No default sender address (or mail.smtp.from) to send from' },
    SENDER_REFUSED: { description: 'The SMTP server refuses the sender address (at MAIL FROM, or at RCPT TO as Postfix does): mail would be lost' },
    RECIPIENT_REFUSED: { description: 'The SMTP server refuses the recipient (RCPT TO), e.g. an unknown user or no relaying for this service' },
    MESSAGE_REFUSED: { description: 'The SMTP server accepted the envelope but refused the message itself (DATA)' },
    MAILBOX_UNAVAILABLE: { description: 'Logged in, but the mailbox (INBOX) could not be opened' },
    SETTINGS_INVALID: { description: 'The stored settings cannot be used (e.g. a password that no longer decrypts)' },
  },
});
registerEnumType(MailCheckStepName, { name: 'MailCheckStepName', description: 'One step of a mail server test, in the order they run' });
registerEnumType(TlsMode, { name: 'TlsMode', description: 'How TLS was started: IMPLICIT from the first byte, or by STARTTLS/STLS' });

@ObjectType({ description: "The server's certificate as presented" })
export class CertificateInfo {
  @Field() subject!: string;
  @Field() issuer!: string;
  @Field(() => [String]) subjectAltNames!: string[];
  @Field() validFrom!: Date;
  @Field() validTo!: Date;
  @Field() fingerprint256!: string;
}

@ObjectType({ description: 'The TLS session a step set up' })
export class TlsInfo {
  @Field(() => TlsMode) mode!: keyof typeof TlsMode;
  @Field(() => String, { nullable: true, description: 'e.g. TLSv1.3' }) protocol!: string | null;
  @Field(() => String, { nullable: true }) cipher!: string | null;
  @Field({ description: 'Chain, validity and (unless turned off) host name all verified' }) verified!: boolean;
  @Field(() => String, { nullable: true }) verificationError!: string | null;
  @Field(() => CertificateInfo, { nullable: true }) certificate!: CertificateInfo | null;
}

@ObjectType({ description: 'One step of a test, with what it learned' })
export class MailCheckStep {
  @Field(() => MailCheckStepName) name!: CheckStepName;
  @Field() ok!: boolean;
  @Field({ description: 'The step did not apply (no TLS wanted or offered, no user to authenticate)' }) skipped!: boolean;
  @Field(() => Int) durationMs!: number;
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
  @Field(() => TlsInfo, { nullable: true }) tls?: TlsInfo;
  @Field(() => String, { nullable: true, description: "GREETING: the server's banner" }) greeting?: string;
  @Field(() => [String], { nullable: true, description: 'EHLO extensions, POP3 CAPA or IMAP CAPABILITY' }) extensions?: string[];
  @Field(() => String, { nullable: true }) authMechanism?: string;
  @Field(() => String, { nullable: true, description: 'SENDER: the MAIL FROM address tried' }) sender?: string;
  @Field(() => String, { nullable: true, description: 'SENDER: the RCPT TO address tried (the test recipient, else the sender)' }) recipient?: string;
  @Field(() => Int, { nullable: true, description: 'MAILBOX: messages in the mailbox (INBOX for IMAP)' }) messageCount?: number;
  @Field(() => Int, { nullable: true, description: 'MAILBOX: unread messages (IMAP)' }) unseenCount?: number;
}

@ObjectType({ description: "One server's test" })
export class ServerCheckReport {
  @Field({ description: 'SMTP, POP3 or IMAP' }) protocol!: string;
  @Field(() => String, { nullable: true }) host!: string | null;
  @Field(() => Int) port!: number;
  @Field() security!: string;
  @Field({ description: 'False when no host is set: nothing to test' }) tested!: boolean;
  @Field({ description: 'Tested and every step passed' }) ok!: boolean;
  @Field(() => [MailCheckStep]) steps!: MailCheckStep[];
}

@ObjectType({ description: 'The outcome of testMailSession; nothing was saved or sent' })
export class MailSessionTestReport {
  @Field({ description: 'At least one server was tested and every tested server passed' }) ok!: boolean;
  @Field({ description: 'True when candidate settings were tested, false for the saved ones' }) candidate!: boolean;
  @Field(() => Int, { description: 'Version of the saved settings tested, or that the candidate was merged over' }) baseVersion!: number;
  @Field(() => Int) durationMs!: number;
  @Field(() => ServerCheckReport) outgoing!: ServerCheckReport;
  @Field(() => ServerCheckReport) incoming!: ServerCheckReport;
}

@ObjectType({ description: 'What the SMTP server said to a test e-mail' })
export class TestEmailResult {
  @Field(() => [String]) accepted!: string[];
  @Field(() => [String]) rejected!: string[];
  @Field({ description: "The server's final reply" }) response!: string;
  @Field() messageId!: string;
}

@InputType({ description: 'Candidate settings: the same shape and rules as UpdateMailSessionInput, merged over the saved ones' })
export class TestMailSessionInput extends UpdateMailSessionInput {}
