import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

export interface DocumentStoreLimits {
  /** Bytes of parsed documents kept, as estimated by `retainedBytes`. */
  maxBytes: number;
  /** Query hashes remembered as seen once, waiting for a second sighting. */
  maxPending: number;
}

export const DEFAULT_DOCUMENT_STORE: DocumentStoreLimits = { maxBytes: 4 * 2 ** 20, maxPending: 4096 };

/**
 * An upper estimate of the heap a parsed document keeps alive. Apollo measures a document by its
 * JSON, which leaves out what matters: every node's `loc` holds the whole request text and the
 * token list, and names are slices of that text, so a short operation padded with a 240 KB comment
 * measured 300 bytes and kept 240 KB. Measured on graphql 16 (heap after GC, documents of 0.2 to
 * 15 KB of text): about 4 bytes per byte of JSON, plus the text itself, at most 2 bytes a character.
 */
export function retainedBytes(document: DocumentNode): number {
  const text = document.loc?.source.body.length ?? 0;
  return 4 * JSON.stringify(document).length + 2 * text;
}

/**
 * Apollo Server's store of parsed and validated operations, keyed by query hash, that keeps a
 * document only once its text has come twice.
 *
 * Clients send a handful of operations again and again; those are kept from their second request
 * on. A text that comes once (a flood of distinct queries, each one new) never enters the store,
 * so it evicts nothing and leaves no garbage behind: with a plain LRU every such request added a
 * document and pushed an older one out, which in the distinct-query benchmark
 * cost a third of the CPU per request and most of the p99 (major collections). The texts seen once
 * are remembered by hash only, at most `maxPending` of them, oldest forgotten first.
 */
export class AdmittingDocumentStore implements KeyValueCache<DocumentNode> {
  private readonly documents: InMemoryLRUCache<DocumentNode>;
  private readonly pending = new Set<string>();

  constructor(private readonly limits: DocumentStoreLimits = DEFAULT_DOCUMENT_STORE) {
    // The size is computed once, when a document is admitted (its second sighting).
    this.documents = new InMemoryLRUCache<DocumentNode>({
      maxSize: limits.maxBytes,
      sizeCalculation: (document, key) => retainedBytes(document) + 2 * key.length,
    });
  }

  get(key: string): Promise<DocumentNode | undefined> {
    return this.documents.get(key);
  }

  async set(key: string, value: DocumentNode, options?: KeyValueCacheSetOptions): Promise<void> {
    if (!this.pending.delete(key)) {
      this.pending.add(key);
      const oldest = this.pending.values().next();
      if (this.pending.size > this.limits.maxPending && !oldest.done) this.pending.delete(oldest.value);
      return;
    }
    await this.documents.set(key, value, options);
  }

  async delete(key: string): ReturnType<KeyValueCache<DocumentNode>['delete']> {
    this.pending.delete(key);
    return this.documents.delete(key);
  }
}
