import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

export interface DocumentStoreLimits {
  /** Bytes of parsed documents kept, measured as Apollo measures them (their JSON). */
  maxBytes: number;
  /** Query hashes remembered as seen once, waiting for a second sighting. */
  maxPending: number;
}

export const DEFAULT_DOCUMENT_STORE: DocumentStoreLimits = { maxBytes: 4 * 2 ** 20, maxPending: 4096 };

/**
 * Apollo Server's store of parsed and validated operations, keyed by query hash, that keeps a
 * document only once its text has come twice.
 *
 * Clients send a handful of operations again and again; those are kept from their second request
 * on. A text that comes once (a flood of distinct queries, each one new) never enters the store,
 * so it evicts nothing and leaves no garbage behind: with a plain LRU every such request added a
 * document, measured as JSON, and pushed an older one out, which in the distinct-query benchmark
 * cost a third of the CPU per request and most of the p99 (major collections). The texts seen once
 * are remembered by hash only, at most `maxPending` of them, oldest forgotten first.
 */
export class AdmittingDocumentStore implements KeyValueCache<DocumentNode> {
  private readonly documents: InMemoryLRUCache<DocumentNode>;
  private readonly pending = new Set<string>();

  constructor(private readonly limits: DocumentStoreLimits = DEFAULT_DOCUMENT_STORE) {
    this.documents = new InMemoryLRUCache<DocumentNode>({ maxSize: limits.maxBytes });
  }

  get(key: string): Promise<DocumentNode | undefined> {
    return this.documents.get(key);
  }

  async set(key: string, value: DocumentNode, options?: KeyValueCacheSetOptions): Promise<void> {
    if (!this.pending.delete(key)) {
      this.pending.add(key);
      if (this.pending.size > this.limits.maxPending) this.pending.delete(this.pending.values().next().value as string);
      return;
    }
    await this.documents.set(key, value, options);
  }

  async delete(key: string): Promise<boolean | void> {
    this.pending.delete(key);
    return this.documents.delete(key);
  }
}
