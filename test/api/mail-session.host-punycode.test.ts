import { useTestApp } from '../support/test-app';
import { expectRefused, updateOk } from './mail-session.operations';

describe('a host name with invalid punycode at the API edge', () => {
  const t = useTestApp();

  describe.each(['outgoing', 'incoming'])('%s.host', (side) => {
    it.each(['xn--zz', 'smtp.xn--zz.example.com', 'xn--abc-.example'])(
      `refuses %s as BAD_USER_INPUT on ${side}.host, saying which label is not valid punycode`,
      async (host) => {
        const label = host.split('.').find((part) => part.startsWith('xn--'));
        const error = await expectRefused(t, t.db, { [side]: { host } }, `${side}.host`);
        expect(error.extensions.code).toBe('BAD_USER_INPUT');
        expect(error.message).toContain(`${side}.host`);
        expect(error.message).toContain(`"${label}"`);
        expect(error.message).toContain('not valid punycode');
      },
    );

    it('accepts a valid internationalized name in punycode', async () => {
      const payload = await updateOk(t, { [side]: { host: 'mail.xn--bcher-kva.example' } });
      expect(payload.mailSession[side as 'outgoing' | 'incoming'].host).toBe('mail.xn--bcher-kva.example');
    });
  });
});
