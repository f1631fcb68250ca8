/**
 * Issue 10, class 7 (request logs): at `debug`, a refused GET mutation logged its URL, and with it
 * the password in the query string. Request logs carry the path only, at every level.
 */
import { connect } from 'node:net';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-until';

const PASSWORD = 'Sup3r-S3cret-in-the-URL';
const MUTATION = `mutation { updateMailSession(input: { outgoing: { host: "smtp.example.com", password: "${PASSWORD}" } }) { mailSession { version } } }`;

/** Log lines of one request, by the request id the test gave it. */
const linesOf = (lines: readonly string[], requestId: string) => lines.filter((line) => line.includes(`"reqId":"${requestId}"`));

describe('request logs', () => {
  const t = useTestApp();

  it.each([
    ['with an admin token', ADMIN_TOKEN],
    ['without a token', null],
  ])('logs a GET mutation %s by its path, without the password in its query string', async (_name, token) => {
    const requestId = `get-mutation-${token === null ? 'anonymous' : 'admin'}`;
    const headers: Record<string, string> = { 'apollo-require-preflight': 'true', 'x-request-id': requestId };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${t.url}?query=${encodeURIComponent(MUTATION)}&variables=${encodeURIComponent(JSON.stringify({ password: PASSWORD }))}`, {
      headers,
    });
    expect(response.status).toBe(token === null ? 401 : 405);
    await waitUntil('the request is logged', () => linesOf(t.logs.lines, requestId).some((line) => line.includes('"msg":"request"')));

    const logged = linesOf(t.logs.lines, requestId).find((line) => line.includes('"msg":"request"'));
    expect(JSON.parse(logged ?? '{}')).toMatchObject({ level: 20, method: 'GET', path: '/graphql', statusCode: response.status });
    expect(t.logs.text).not.toContain(PASSWORD);
    expect(t.logs.text).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('logs an unknown route by its path only', async () => {
    const requestId = 'not-found-with-query';
    const response = await fetch(`${t.url.replace(/\/graphql$/, '/nowhere')}?password=${PASSWORD}`, { headers: { 'x-request-id': requestId } });
    expect(response.status).toBe(404);
    await waitUntil('the request is logged', () => linesOf(t.logs.lines, requestId).length > 0);
    expect(linesOf(t.logs.lines, requestId).join('\n')).toContain('"path":"/nowhere"');
    expect(t.logs.text).not.toContain(PASSWORD);
  });

  it('logs a malformed request by its error code, not by the bytes that came', async () => {
    const { hostname, port } = new URL(t.url);
    const before = t.logs.lines.length;
    // A space in a header name is refused by Node's parser, which keeps the raw bytes on the error.
    const received = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect({ host: hostname, port: Number(port) }, () =>
        socket.write(`GET /graphql?password=${PASSWORD} HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n`),
      );
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
    });
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    await waitUntil('the client error is logged', () => t.logs.lines.slice(before).some((line) => line.includes('client error')));
    expect(t.logs.lines.slice(before).join('\n')).toContain('"code":"HPE_INVALID_HEADER_TOKEN"');
    expect(t.logs.text).not.toContain(PASSWORD);
  });
});
