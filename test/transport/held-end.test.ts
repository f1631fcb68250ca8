import { createTransport, type Transporter } from 'nodemailer';
import { supportHeldEnd, withHeldEnd } from '../../src/transport/hold-end';
import { startDataWatcher, type DataWatcher } from '../support/data-watcher';
import { waitUntil } from '../support/wait-until';

describe('holding back the end of DATA (the `.`) until a promise settles', () => {
  let peer: DataWatcher;
  let transporter: Transporter;

  beforeAll(async () => {
    peer = await startDataWatcher({ key: /^Subject: (.*)$/m });
  });
  beforeEach(() => {
    transporter = createTransport({ host: '127.0.0.1', port: peer.port, ignoreTLS: true, pool: true, maxConnections: 1 });
    supportHeldEnd(transporter);
  });
  afterEach(() => transporter.close());
  afterAll(() => peer.close());

  const message = (subject: string) => ({ from: 'a@held.test', to: 'b@held.test', subject, text: `${subject}\r\n`.repeat(200) });

  it('sends the whole message but its `.` only once the promise resolves; the server takes it then', async () => {
    let release: () => void = () => undefined;
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sending = transporter.sendMail(withHeldEnd(message('held'), () => until));
    await waitUntil('the message is in DATA', () => peer.state.open === 1);
    // In DATA, the body written, and not taken: the server has no `.` yet.
    expect(peer.state.taken).toEqual([]);
    release();
    const info = await sending;
    expect(info.response).toMatch(/^250\b/);
    expect(peer.state.taken).toEqual(['held']);
  });

  it('abandons the message, unfinished, when the promise rejects: the server never takes it', async () => {
    const closedBefore = peer.state.closedConnections;
    let refuse: (error: Error) => void = () => undefined;
    const until = new Promise<void>((_resolve, reject) => {
      refuse = reject;
    });
    const takenBefore = peer.state.taken.length;
    const sending = transporter.sendMail(withHeldEnd(message('abandoned'), () => until));
    await waitUntil('the message is in DATA', () => peer.state.open === 1);
    refuse(new Error('the previous record failed'));
    await expect(sending).rejects.toThrow(/the message was not finished: the previous record failed/);
    await waitUntil('the connection is closed', () => peer.state.closedConnections > closedBefore);
    expect(peer.state.taken.slice(takenBefore)).toEqual([]);
    // The transport goes on: the next message goes out on a new connection.
    await transporter.sendMail(message('after'));
    expect(peer.state.taken.slice(takenBefore)).toEqual(['after']);
  });

  it('leaves a message without a promise as it was', async () => {
    const takenBefore = peer.state.taken.length;
    await transporter.sendMail(withHeldEnd(message('plain'), undefined));
    expect(peer.state.taken.slice(takenBefore)).toEqual(['plain']);
  });
});
