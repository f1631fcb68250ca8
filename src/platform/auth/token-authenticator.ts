import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthToken, Role } from '../../config/auth-settings.js';

/** Who is calling, as far as authorization cares. */
export interface Caller {
  readonly name: string;
  /** Every role the caller holds, each once, in ROLES order (see caller-roles.ts); never empty. */
  readonly roles: readonly Role[];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Resolves bearer tokens against the configured static tokens. */
export class TokenAuthenticator {
  private readonly tokens: readonly { digest: Buffer; caller: Caller }[];

  constructor(tokens: readonly AuthToken[]) {
    this.tokens = tokens.map((t) => ({ digest: digest(t.token), caller: { name: t.name, roles: [t.role] } }));
  }

  /** The caller a bearer token (already taken out of its header) belongs to, or undefined. */
  lookup(token: string): Caller | undefined {
    const presented = digest(token);
    // Compare against every token in constant time, so timing tells nothing about which matched.
    let found: Caller | undefined;
    for (const entry of this.tokens) if (timingSafeEqual(entry.digest, presented)) found = entry.caller;
    return found;
  }
}
