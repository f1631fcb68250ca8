import { parse } from 'graphql';
import { AdmittingDocumentStore, retainedBytes } from '../../src/platform/graphql/document-store';

const MiB = 2 ** 20;

/** A store of ample size that remembers at most `maxPending` texts seen once. */
function store(maxPending = 16): AdmittingDocumentStore {
  return new AdmittingDocumentStore({ maxBytes: MiB, maxPending });
}

const documentA = parse('{ mailSession { version } }');
const documentB = parse('{ mailSession { outgoing { host } } }');

describe('AdmittingDocumentStore', () => {
  it('does not keep a document whose key was set only once', async () => {
    const documents = store();
    await documents.set('a', documentA);
    expect(await documents.get('a')).toBeUndefined();
  });

  it('keeps a document from the second set of its key on', async () => {
    const documents = store();
    await documents.set('a', documentA);
    await documents.set('a', documentA);
    expect(await documents.get('a')).toBe(documentA);
    expect(await documents.get('b')).toBeUndefined();
  });

  it('admits each key on its own second set, whatever other keys came in between', async () => {
    const documents = store();
    await documents.set('a', documentA);
    await documents.set('b', documentB);
    await documents.set('b', documentB);
    expect(await documents.get('b')).toBe(documentB);
    expect(await documents.get('a')).toBeUndefined();
    await documents.set('a', documentA);
    expect(await documents.get('a')).toBe(documentA);
  });

  it('remembers at most maxPending keys seen once, forgetting the oldest first', async () => {
    const documents = store(2);
    await documents.set('a', documentA);
    await documents.set('b', documentB);
    await documents.set('c', documentB);

    // 'a' was forgotten when 'c' came: this is its first sighting again.
    await documents.set('a', documentA);
    expect(await documents.get('a')).toBeUndefined();
    // 'c' is still remembered.
    await documents.set('c', documentB);
    expect(await documents.get('c')).toBe(documentB);
  });

  it('forgets a stored document on delete: it takes two sets again', async () => {
    const documents = store();
    await documents.set('a', documentA);
    await documents.set('a', documentA);
    await documents.delete('a');
    expect(await documents.get('a')).toBeUndefined();
    await documents.set('a', documentA);
    expect(await documents.get('a')).toBeUndefined();
    await documents.set('a', documentA);
    expect(await documents.get('a')).toBe(documentA);
  });

  it('forgets a key seen once on delete: its next set is a first sighting', async () => {
    const documents = store();
    await documents.set('a', documentA);
    await documents.delete('a');
    await documents.set('a', documentA);
    expect(await documents.get('a')).toBeUndefined();
  });

  it('keeps no more documents than maxBytes holds, measured by what they retain', async () => {
    const size = retainedBytes(documentA) + 2 * 'a'.length;
    const documents = new AdmittingDocumentStore({ maxBytes: size + 1, maxPending: 16 });
    for (const key of ['a', 'a', 'b', 'b']) await documents.set(key, documentA);
    expect(await documents.get('b')).toBe(documentA);
    expect(await documents.get('a')).toBeUndefined();
  });

  it('counts the request text a document keeps through its locations, comments included', async () => {
    const padded = parse(`{ mailSession { version } }\n# ${'x'.repeat(200_000)}`);
    expect(retainedBytes(padded)).toBeGreaterThan(200_000);
    // Room for many unpadded documents, not for one padded one: it is not kept.
    const documents = new AdmittingDocumentStore({ maxBytes: 100 * retainedBytes(documentA), maxPending: 16 });
    for (let i = 0; i < 2; i++) await documents.set('padded', padded);
    expect(await documents.get('padded')).toBeUndefined();
  });
});
