/**
 * Every answer, from every code path, is `{"error":{"code":<int>,"message":"..."}}` with
 * `Content-Type: application/json` and an `X-Request-Id`: also those Fastify and Node would write
 * themselves (a bad URL, an overlong path parameter, no Host, CONNECT, an unmet Expect, shutdown).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseAnswer, type RawAnswer, rawClient, rawExchange, sleep, within } from './helpers/raw.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

function assertErrorShape(answer: RawAnswer, status: number, message?: RegExp): void {
  assert.equal(answer.status, status, JSON.stringify(answer));
  assert.equal(answer.headers['content-type'], 'application/json');
  assert.match(answer.headers['x-request-id'] ?? '', /^[A-Za-z0-9._:-]+$/);
  const body = JSON.parse(answer.body) as { error: { code: unknown; message: unknown } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, status);
  assert.equal(typeof body.error.message, 'string');
  if (message) assert.match(body.error.message as string, message);
}

describe('answers Fastify and Node would write themselves', () => {
  let server: TestServer;
  let host: string;
  before(async () => {
    server = await startTestServer();
    host = new URL(server.url).host;
  });
  after(() => server.stop());

  const exchange = async (head: string) => parseAnswer(await within(rawExchange(server.url, head), 5_000, head.split('\r\n')[0]!));

  it('a URL that does not decode is a 400', async () => {
    assertErrorShape(await exchange(`GET /% HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`), 400, /URL/);
    assertErrorShape(await exchange(`GET /api/v1/admin/keys/%zz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`), 400);
  });

  it('a path parameter over 256 characters is a 414', async () => {
    const id = 'k'.repeat(300);
    assertErrorShape(
      await exchange(
        `DELETE /api/v1/admin/keys/${id} HTTP/1.1\r\nHost: ${host}\r\n` +
          `Authorization: Bearer ${server.adminKey}\r\nConnection: close\r\n\r\n`,
      ),
      414,
    );
  });

  it('an HTTP/1.1 request without Host is a 400 (HTTP/1.0 needs none)', async () => {
    assertErrorShape(await exchange('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'), 400, /Host/);
    assert.equal((await exchange('GET /healthz HTTP/1.0\r\n\r\n')).status, 200);
  });

  it('CONNECT is a 405', async () => {
    assertErrorShape(await exchange(`CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n`), 405);
  });

  it('an unmet Expect is a 417; an Upgrade is served as a plain request', async () => {
    assertErrorShape(await exchange(`POST /api/v1/events HTTP/1.1\r\nHost: ${host}\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\n{}`), 417);
    const upgraded = await exchange(`GET /api/v1/nope HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
    assertErrorShape(upgraded, 404);
  });

  it('malformed bytes and oversized headers keep the shape, with a request id', async () => {
    assertErrorShape(await exchange('\x00\x01 nonsense\r\n\r\n'), 400);
    assertErrorShape(await exchange(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`), 431);
  });
});

describe('a request arriving during shutdown', () => {
  it('gets a 503 in the error shape, with a request id, and the connection closed', async () => {
    const server = await startTestServer({ shutdownTimeoutMs: 2_000 });
    try {
      const host = new URL(server.url).host;
      // An ingest that never finishes its body holds the shutdown open.
      const stuck = await rawClient(server.url);
      await stuck.write(
        `POST /api/v1/events HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.adminKey}\r\n` +
          `Content-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n{"id":`,
      );
      // A request begun before the shutdown (so its connection is not idle) and finished after it.
      const late = await rawClient(server.url);
      await late.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n`);
      await sleep(100);
      const closing = server.close();
      await sleep(200);
      await late.write('\r\n');
      const answer = parseAnswer(await within(late.closed, 5_000, 'the late request'));
      assertErrorShape(answer, 503, /shutting down/);
      stuck.socket.destroy();
      await closing;
    } finally {
      await server.stop();
    }
  });
});
