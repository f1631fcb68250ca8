import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { privateCaCertificate, type TestCertificate } from './certificates';

/** One request the endpoint received: its path and form fields. */
export interface ReceivedGrant {
  readonly path: string;
  readonly contentType: string;
  readonly form: Record<string, string>;
}

/** What the endpoint answers: a status, a content type and a body, or `hang` (never answer). */
export type TokenAnswer = { status: number; contentType?: string; body: string; headers?: Record<string, string> } | 'hang';

export type TokenHandler = (grant: ReceivedGrant, count: number) => TokenAnswer | Promise<TokenAnswer>;

/** Issues `token-<n>` valid for `expiresIn` seconds (none sent when undefined) with the scope asked for. */
export function issueTokens(expiresIn: number | undefined = 3600): TokenHandler {
  return (grant, count) => ({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({
      token_type: 'Bearer',
      access_token: `token-${count}`,
      ...(expiresIn !== undefined && { expires_in: expiresIn }),
      ...(grant.form.scope !== undefined && { scope: grant.form.scope }),
    }),
  });
}

/**
 * An OAuth 2.0 token endpoint over HTTPS with a certificate from a CA made for the test; it
 * records every grant it receives and answers with `handler` (replaceable at any time).
 */
export class TestTokenEndpoint {
  readonly grants: ReceivedGrant[] = [];
  handler: TokenHandler = issueTokens();
  port = 0;
  private readonly server: Server;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    leaf: TestCertificate,
    readonly ca: TestCertificate,
  ) {
    this.server = createServer({ key: leaf.key, cert: leaf.cert }, (request, response) => this.receive(request, response));
  }

  /** Listens on 127.0.0.1 with a certificate issued for `names` (default localhost and 127.0.0.1). */
  static async start(names: string[] = ['localhost', '127.0.0.1']): Promise<TestTokenEndpoint> {
    const { ca, leaf } = await privateCaCertificate({ names });
    const endpoint = new TestTokenEndpoint(leaf, ca);
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    endpoint.port = (endpoint.server.address() as AddressInfo).port;
    return endpoint;
  }

  /** The token URL on 127.0.0.1 (`host` may name it otherwise, e.g. localhost). */
  url(path = '/tenant/oauth2/v2.0/token', host = '127.0.0.1'): string {
    return `https://${host}:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const grant: ReceivedGrant = {
        path: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      };
      this.grants.push(grant);
      void Promise.resolve(this.handler(grant, this.grants.length)).then((answer) => {
        if (answer === 'hang') {
          this.hanging.add(response);
          return;
        }
        response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json', ...answer.headers });
        response.end(answer.body);
      });
    });
  }
}
