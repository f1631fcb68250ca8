import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthToken, Role } from '../config.js';

/** Who is calling, as far as authorization cares. */
export interface Caller {
  readonly name: string;
  readonly role: Role;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Resolves `Authorization: Bearer <token>` against the configured static tokens. */
export class TokenAuthenticator {
  private readonly tokens: ReadonlyArray<{ digest: Buffer; caller: Caller }>;

  constructor(tokens: readonly AuthToken[]) {
    this.tokens = tokens.map((t) => ({ digest: digest(t.token), caller: { name: t.name, role: t.role } }));
  }

  /** The caller for an Authorization header value, or undefined when absent or unknown. */
  authenticate(authorization: string | undefined): Caller | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return undefined;
    const presented = digest(match[1]);
    // Compare against every token in constant time, so timing tells nothing about which matched.
    let found: Caller | undefined;
    for (const entry of this.tokens) if (timingSafeEqual(entry.digest, presented)) found = entry.caller;
    return found;
  }
}
