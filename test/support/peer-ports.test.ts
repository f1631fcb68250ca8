import type { Server } from 'node:net';
import { selfSignedCertificate } from './certificates';
import { dovecotUnavailable, startDovecot } from './dovecot';
import { portAccepts } from './port-accepts';
import { postfixUnavailable, startPostfix } from './postfix';

/** The index of a port that the next `freePorts` call hands out and then takes itself, before the peer listens on it. */
let mockTakeNext: number | undefined;
/** The servers holding the ports taken so. */
const mockTaken: { port: number; server: Server }[] = [];

// As another test's connection took one in CI: it was given the port as its local one.
jest.mock('./free-port', () => {
  const actual = jest.requireActual<typeof import('./free-port')>('./free-port');
  const { createServer } = jest.requireActual<typeof import('node:net')>('node:net');
  return {
    ...actual,
    freePorts: async (count: number) => {
      const ports = await actual.freePorts(count);
      const port = mockTakeNext === undefined ? undefined : ports[mockTakeNext];
      mockTakeNext = undefined;
      if (port !== undefined) {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
        mockTaken.push({ port, server });
      }
      return ports;
    },
  };
});

const mustRun = process.env.CI === 'true';
/** `it`, or `it.skip` outside CI when the peer cannot run here (under CI=true a missing peer fails). */
const itWith = (unavailable: string | undefined) => (unavailable && !mustRun ? it.skip : it);

afterEach(async () => {
  await Promise.all(mockTaken.splice(0).map(({ server }) => new Promise((resolve) => server.close(resolve))));
});

describe('the test peers, when a port they picked is taken before they listen', () => {
  itWith(dovecotUnavailable())('Dovecot starts again on other ports', async () => {
    mockTakeNext = 2; // POP3
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

  itWith(postfixUnavailable())(
    'Postfix starts again on other ports',
    async () => {
      mockTakeNext = 0; // plain SMTP
      const postfix = await startPostfix({ certificate: await selfSignedCertificate({ names: ['127.0.0.1'] }) });
      try {
        expect(mockTaken).toHaveLength(1);
        expect(postfix.ports.plain).not.toBe(mockTaken[0]?.port);
        expect(await portAccepts(postfix.ports.plain)).toBe(true);
        expect(await portAccepts(postfix.ports.smtps)).toBe(true);
      } finally {
        await postfix.stop();
      }
    },
    60_000,
  );
});
