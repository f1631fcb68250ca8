import { property, refusal } from './support';

/*
 * The socket factory keys of JavaMail have a field of their own here, as the Liferay file reader
 * reads them (src/liferay/javamail-security-keys.ts): the refusal says what each one means.
 */
describe('JavaMail socket factory keys in additionalProperties', () => {
  it.each([
    [
      'mail.smtp.socketFactory.class',
      'outgoing',
      'javax.net.ssl.SSLSocketFactory means TLS from the first byte (outgoing.security TLS); this service runs no Java class',
    ],
    [
      'mail.imap.socketFactory.class',
      'incoming',
      'javax.net.ssl.SSLSocketFactory means TLS from the first byte (incoming.security TLS); this service runs no Java class',
    ],
    ['mail.smtp.socketFactory.port', 'outgoing', 'JavaMail connects to it instead of the port when a socket factory is set (outgoing.port)'],
    ['mail.pop3.socketFactory.port', 'incoming', 'JavaMail connects to it instead of the port when a socket factory is set (incoming.port)'],
    ['mail.smtp.socketFactory.fallback', 'outgoing', 'this service never falls back to a plain connection when TLS fails, which is what false asks'],
  ])('refuses %s, saying what it means', (key, side, meaning) => {
    const error = refusal(property(key, 'javax.net.ssl.SSLSocketFactory'));
    expect(error.extensions.field).toEqual(['additionalProperties', 0, 'key']);
    expect(error.message).toBe(`${key} cannot be set as a property: use ${side}.security (NONE, STARTTLS_OPTIONAL, STARTTLS or TLS): ${meaning}`);
  });

  it.each(['mail.smtp.ssl.socketFactory.class', 'mail.smtp.socketFactory', 'mail.smtp.starttls.required'])('refuses %s with the plain advice', (key) => {
    expect(refusal(property(key, 'true')).message).toBe(`${key} cannot be set as a property: use outgoing.security (NONE, STARTTLS_OPTIONAL, STARTTLS or TLS)`);
  });
});
