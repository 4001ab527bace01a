/** The baseline: a bare node:http server answering every request with the same bytes and headers. */

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.argv[2]!);
const port = Number(process.argv[3]);
createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'private, max-age=60, stale-while-revalidate=300',
    etag: '"x"',
    'content-length': body.length,
  });
  res.end(body);
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
