import fc from 'fast-check';
import { fromGlobalId, toGlobalId } from '../../src/platform/graphql/node';

const typeName = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,30}$/);
const localId = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/));

describe('global ids', () => {
  it('decode to the type name and local id they were made from, as URL-safe text', () => {
    fc.assert(
      fc.property(typeName, localId, (type, id) => {
        const global = toGlobalId(type, id);
        expect(global).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(fromGlobalId(global)).toEqual({ typeName: type, localId: String(id) });
      }),
    );
  });

  it('answer null, never throw, for any other text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const decoded = fromGlobalId(text);
        // Whatever decodes is exactly what toGlobalId makes of it: one spelling per id.
        if (decoded) expect(toGlobalId(decoded.typeName, decoded.localId)).toBe(text);
      }),
    );
    for (const text of ['', '=', 'TWFpbFNlc3Npb246MQ==', Buffer.from('MailSession:').toString('base64url'), Buffer.from('1:1').toString('base64url')]) {
      expect(fromGlobalId(text)).toBeNull();
    }
  });
});
