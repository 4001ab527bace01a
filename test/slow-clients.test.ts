/**
 * Slow, stalled and unauthenticated clients cannot hold memory or connections: a refused request is
 * answered before its body is read and its connection closed; headers, bodies and idle connections
 * have timeouts; connections have a cap. Short timeouts are configured here; the defaults are seconds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseAnswer, rawClient, sleep, within } from './helpers/raw.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const TEN_MIB = 10 * 1024 * 1024;

describe('refused before the body is read', () => {
  let server: TestServer;
  let host: string;
  let readKey: string;
  before(async () => {
    server = await startTestServer();
    host = new URL(server.url).host;
    readKey = server.readKey;
  });
  after(() => server.stop());

  for (const [what, auth, status] of [
    ['no Authorization header', '', 401],
    ['an unknown key', 'Authorization: Bearer tsk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n', 401],
    ['a key without the ingest scope', 'read', 403],
  ] as const) {
    it(`${what}: ${status} with a 10 MiB body declared and 64 KiB sent, and the connection closed`, async () => {
      const c = await rawClient(server.url);
      const header = auth === 'read' ? `Authorization: Bearer ${readKey}\r\n` : auth;
      await c.write(
        `POST /api/v1/events HTTP/1.1\r\nHost: ${host}\r\n${header}Content-Type: application/x-ndjson\r\n` +
          `Content-Length: ${TEN_MIB}\r\n\r\n`,
      );
      await c.write(Buffer.alloc(64 * 1024, 0x20));
      // The rest of the body never comes: the server must answer and close without it.
      const answer = parseAnswer(await within(c.closed, 10_000, 'the answer and the close'));
      assert.equal(answer.status, status);
      assert.equal((JSON.parse(answer.body) as { error: { code: number } }).error.code, status);
      assert.equal(answer.headers.connection, 'close');
    });
  }

  it('a wrong method on a served path is refused before its body too', async () => {
    const c = await rawClient(server.url);
    await c.write(`POST /healthz HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${TEN_MIB}\r\n\r\n{`);
    assert.equal(parseAnswer(await within(c.closed, 10_000, 'the 405')).status, 405);
    const d = await rawClient(server.url);
    await d.write(`POST /nowhere HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${TEN_MIB}\r\n\r\n{`);
    assert.equal(parseAnswer(await within(d.closed, 10_000, 'the 404')).status, 404);
  });
});

describe('timeouts', () => {
  let server: TestServer;
  let host: string;
  before(async () => {
    server = await startTestServer({ headersTimeoutMs: 400, requestTimeoutMs: 1_000, keepAliveTimeoutMs: 300 });
    host = new URL(server.url).host;
  });
  after(() => server.stop());

  it('stalled headers: 408 in the error shape, and the connection closed', async () => {
    const c = await rawClient(server.url);
    await c.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n`);
    const answer = parseAnswer(await within(c.closed, 10_000, 'the 408'));
    assert.equal(answer.status, 408);
    assert.equal((JSON.parse(answer.body) as { error: { code: number } }).error.code, 408);
    assert.ok(
      server.logs.some((l) => l.includes('"clientError":"ERR_HTTP_REQUEST_TIMEOUT"')),
      'logged, by its code',
    );
  });

  it('a connection that sends nothing is closed too (with a 408)', async () => {
    const c = await rawClient(server.url);
    assert.equal(parseAnswer(await within(c.closed, 10_000, 'the silent close')).status, 408);
  });

  it('a body dribbled slower than the request timeout allows: 408, and the connection closed', async () => {
    const c = await rawClient(server.url);
    await c.write(
      `POST /api/v1/events HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.adminKey}\r\n` +
        `Content-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n`,
    );
    // One byte every 50 ms: each arrives well inside any idle timeout, the whole never inside the request timeout.
    for (let i = 0; i < 200 && !c.socket.destroyed; i++) {
      await c.write(' ');
      await sleep(50);
    }
    const answer = parseAnswer(await within(c.closed, 10_000, 'the 408'));
    assert.equal(answer.status, 408);
  });

  it('an idle keep-alive connection is closed', async () => {
    const c = await rawClient(server.url);
    await c.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    await c.waitFor(/"status":"ok"/);
    const all = await within(c.closed, 10_000, 'the idle close');
    assert.match(all, /^HTTP\/1.1 200/);
  });
});

describe('the connection cap', () => {
  let server: TestServer;
  let host: string;
  before(async () => {
    server = await startTestServer({ maxConnections: 3 });
    host = new URL(server.url).host;
  });
  after(() => server.stop());

  it('past the cap a new connection is closed at once; under it, served', async () => {
    const held = await Promise.all([1, 2, 3].map(() => rawClient(server.url)));
    // Each holds its connection with a request in progress.
    await Promise.all(held.map((c) => c.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n`)));
    await sleep(50);
    const extra = await rawClient(server.url);
    await extra.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    assert.equal(await within(extra.closed, 5_000, 'the refused connection'), '', 'closed without an answer');
    for (const c of held) c.socket.destroy();
    await sleep(100);
    const ok = await rawClient(server.url);
    await ok.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    assert.equal(parseAnswer(await within(ok.closed, 5_000, 'the served request')).status, 200);
  });
});

describe('Expect: 100-continue', () => {
  let server: TestServer;
  let host: string;
  before(async () => {
    server = await startTestServer();
    host = new URL(server.url).host;
  });
  after(() => server.stop());

  const head = (auth: string) =>
    `POST /api/v1/events HTTP/1.1\r\nHost: ${host}\r\n${auth}Content-Type: application/x-ndjson\r\n` +
    `Expect: 100-continue\r\nContent-Length: ${TEN_MIB}\r\n\r\n`;

  it('a refused request is not invited to send its body: the first answer is the 401', async () => {
    const c = await rawClient(server.url);
    await c.write(head(''));
    const all = await within(c.closed, 10_000, 'the 401');
    assert.match(all, /^HTTP\/1.1 401/);
    assert.doesNotMatch(all, /100 Continue/);
  });

  it('an accepted one is, once its key is checked', async () => {
    const c = await rawClient(server.url);
    const line = JSON.stringify({
      id: 'continue-1',
      timestamp: Date.now() - 86_400_000,
      usage: { prompt_tokens: 1, completion_tokens: 1 },
      tag: 'math',
    });
    await c.write(
      head(`Authorization: Bearer ${server.adminKey}\r\n`).replace(`Content-Length: ${TEN_MIB}`, `Content-Length: ${line.length}`),
    );
    await within(c.waitFor(/^HTTP\/1.1 100 Continue\r\n\r\n/), 10_000, 'the 100 Continue');
    await c.write(line);
    await within(c.waitFor(/"accepted":1/), 10_000, 'the 200');
    c.socket.destroy();
  });
});
