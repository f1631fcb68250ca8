import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { LineChannel } from '../../src/mail-check/line-channel';
import { startRawTcpPeer, type RawTcpPeer } from '../support/raw-tcp-peer';

describe('LineChannel', () => {
  let peer: RawTcpPeer;
  let socket: Socket;

  beforeAll(async () => {
    // A server that greets and then never says another word.
    peer = await startRawTcpPeer((server) => server.write('220 silent.test ready\r\n'));
  });
  beforeEach(async () => {
    socket = connect(peer.port, '127.0.0.1');
    await once(socket, 'connect');
  });
  afterEach(() => socket.destroy());
  afterAll(() => peer.close());

  it('fails a read waiting for a line at once when the channel is closed (the check gives up on a silent server)', async () => {
    const channel = new LineChannel(socket);
    await expect(channel.readLine()).resolves.toBe('220 silent.test ready');
    const waiting = channel.readLine();
    channel.close();
    await expect(waiting).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await expect(channel.readLine()).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(socket.destroyed).toBe(true);
  });
});
