/**
 * What a browser on another origin does around a request: which headers force a preflight, the
 * preflight itself, and the CORS check of its answer (the Fetch standard, reduced to what a
 * GraphQL client meets). Node's fetch enforces none of it, so tests apply it here, to the very
 * requests a client library sent. Not a test file itself.
 */

/** A request as a client library handed it to `fetch`. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
}

/** Runs `use` and returns the requests it sent through the global `fetch` (each still sent). */
export async function recordRequests<T>(use: () => Promise<T>): Promise<{ result: T; requests: SentRequest[] }> {
  const requests: SentRequest[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url, headers: request.headers });
    return original(input, init);
  };
  try {
    return { result: await use(), requests };
  } finally {
    globalThis.fetch = original;
  }
}

const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Bytes that make a value of a safelisted header unsafe (Fetch: "CORS-unsafe request-header byte"). */
const UNSAFE_BYTE = /[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/;

function safelisted(name: string, value: string): boolean {
  if (value.length > 128) return false;
  switch (name) {
    case 'accept':
      return !UNSAFE_BYTE.test(value);
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
    case 'content-type':
      return !UNSAFE_BYTE.test(value) && SIMPLE_CONTENT_TYPES.includes(value.split(';')[0]?.trim().toLowerCase() ?? '');
    default:
      return false;
  }
}

/** The names a browser would list in Access-Control-Request-Headers for this request, sorted. */
export function preflightHeaders(request: SentRequest): string[] {
  return [...request.headers.entries()]
    .filter(([name, value]) => !safelisted(name, value))
    .map(([name]) => name)
    .sort();
}

/** Sends the preflight a browser on `origin` sends for `method` with `headers`, and applies the browser's check. */
export async function preflight(url: string, origin: string, method: string, headers: readonly string[]) {
  const response = await fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers.join(',') },
  });
  const allowedHeaders = (response.headers.get('access-control-allow-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const allowedMethods = (response.headers.get('access-control-allow-methods') ?? '').split(',').map((name) => name.trim());
  // The `*` wildcard never covers Authorization; GET and POST are CORS-safelisted methods.
  const passes =
    response.ok &&
    response.headers.get('access-control-allow-origin') === origin &&
    (['GET', 'HEAD', 'POST'].includes(method) || allowedMethods.includes(method)) &&
    headers.every((name) => allowedHeaders.includes(name) || (allowedHeaders.includes('*') && name !== 'authorization'));
  return { status: response.status, allowedHeaders, passes };
}

/**
 * For every recorded request, what a browser on `origin` would do first: nothing for a simple
 * request, else a preflight; the requests whose preflight fails, with the headers they asked for.
 */
export async function blockedInBrowser(requests: readonly SentRequest[], origin: string): Promise<{ method: string; headers: string[] }[]> {
  const blocked: { method: string; headers: string[] }[] = [];
  for (const request of requests) {
    const headers = preflightHeaders(request);
    if (headers.length === 0 && ['GET', 'HEAD', 'POST'].includes(request.method)) continue;
    if (!(await preflight(request.url, origin, request.method, headers)).passes) blocked.push({ method: request.method, headers });
  }
  return blocked;
}
