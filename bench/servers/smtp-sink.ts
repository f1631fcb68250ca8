// A local SMTP peer that accepts everything and counts messages; GET /count on HTTP_PORT reports it.
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

let received = 0;
const ids = new Set<string>();
let duplicates = 0;
const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  maxClients: 1000,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('utf8');
    });
    stream.on('end', () => {
      received++;
      const id = /^Message-ID:\s*(.+)$/im.exec(head)?.[1]?.trim();
      if (id) {
        if (ids.has(id)) duplicates++;
        ids.add(id);
      }
      callback();
    });
  },
});
smtp.listen(Number(process.env.PORT), '127.0.0.1');
const http = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ received, duplicates }));
});
http.listen(Number(process.env.HTTP_PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  http.close();
  smtp.close(() => process.exit(0));
});
