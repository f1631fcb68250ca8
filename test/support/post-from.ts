import { request } from 'node:http';

/** What the failure-limit tests look at in an answer. */
export interface AddressedAnswer {
  status: number;
  code: unknown;
  retryAfter: string | undefined;
  ms: number;
}

/**
 * POSTs a GraphQL operation from the given loopback address (every 127/8 address is this
 * machine, so a test can be several clients), with extra headers such as Authorization or
 * X-Forwarded-For.
 */
export function postGraphQLFrom(url: string, localAddress: string, query: string, headers: Record<string, string>): Promise<AddressedAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
        const retryAfter = res.headers['retry-after'];
        resolve({
          status: res.statusCode ?? 0,
          code: parsed.errors?.[0]?.extensions?.code,
          retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
          ms: Date.now() - started,
        });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}
