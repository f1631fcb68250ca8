// Baseline: a plain node:http JSON response, the floor of what any HTTP service costs.
import { createServer } from 'node:http';

const body = JSON.stringify({ data: { hello: 'world' } });
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
