import type { Server } from 'node:net';
import { describeDovecot } from '../inbound/support';
import { selfSignedCertificate } from './certificates';
import { startDovecot } from './dovecot';
import { portAccepts } from './port-accepts';

/** The servers holding a port that `freePorts` had just called free (at most one, on the first call). */
const mockTaken: { port: number; server: Server }[] = [];

// The first ports handed out: the POP3 one is taken before Dovecot listens on it, as another
// test's connection took one in CI (it was given the port as its local one).
jest.mock('./free-port', () => {
  const actual = jest.requireActual<typeof import('./free-port')>('./free-port');
  const { createServer } = jest.requireActual<typeof import('node:net')>('node:net');
  let calls = 0;
  return {
    ...actual,
    freePorts: async (count: number) => {
      const ports = await actual.freePorts(count);
      const pop3 = ports[2];
      if (calls++ === 0 && pop3 !== undefined) {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(pop3, '127.0.0.1', resolve));
        mockTaken.push({ port: pop3, server });
      }
      return ports;
    },
  };
});

describeDovecot('the test Dovecot', () => {
  afterAll(async () => {
    await Promise.all(mockTaken.map(({ server }) => new Promise((resolve) => server.close(resolve))));
  });

  it('starts on other ports when one it picked is taken before it listens', async () => {
    const dovecot = await startDovecot({ certificate: await selfSignedCertificate({ names: ['127.0.0.1'] }) });
    try {
      expect(mockTaken).toHaveLength(1);
      expect(dovecot.ports.pop3).not.toBe(mockTaken[0]?.port);
      expect(await portAccepts(dovecot.ports.imap)).toBe(true);
      expect(await portAccepts(dovecot.ports.pop3)).toBe(true);
    } finally {
      await dovecot.stop();
    }
  });
});
