/**
 * A browser page on another origin can call the read endpoint (CORS, preflights answered without a
 * key), and responses are compressed when the client accepts it, with ETag and 304 still working.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

const PATH = '/api/v1/classifications/task';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http rather than fetch: fetch adds its own Accept-Encoding and decodes transparently. */
function call(url: string, method: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('CORS on the read endpoint', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it("answers a preflight with 204, no key needed, allowing the SDKs' headers", async () => {
    const res = await call(`${server.url}${PATH}`, 'OPTIONS', {
      origin: 'https://page.example',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization, http-referer, x-title, x-openrouter-title, x-openrouter-categories',
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(String(res.headers['access-control-allow-methods']), /\bGET\b/);
    const allowed = String(res.headers['access-control-allow-headers'])
      .toLowerCase()
      .split(/\s*,\s*/);
    for (const h of ['authorization', 'http-referer', 'x-title', 'x-openrouter-title', 'x-openrouter-categories'])
      assert.ok(allowed.includes(h), h);
    assert.ok(Number(res.headers['access-control-max-age']) > 0);
  });

  it('a GET with Origin carries Access-Control-Allow-Origin, on a 200 and on a 401 alike', async () => {
    const ok = await call(`${server.url}${PATH}`, 'GET', { origin: 'https://page.example', authorization: `Bearer ${server.readKey}` });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], '*');
    assert.match(String(ok.headers['access-control-expose-headers']), /ETag/);
    assert.equal(ok.headers.vary, 'Accept-Encoding, Origin');
    const refused = await call(`${server.url}${PATH}`, 'GET', { origin: 'https://page.example' });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers['access-control-allow-origin'], '*');
  });

  it('other paths keep refusing OPTIONS with 405', async () => {
    assert.equal((await call(`${server.url}/api/v1/events`, 'OPTIONS', { origin: 'https://page.example' })).status, 405);
  });
});

describe('CORS with a list of origins', () => {
  it('echoes a listed origin and says nothing to others', async () => {
    const server = await startTestServer({ corsOrigins: 'https://a.example, https://b.example' });
    try {
      const auth = { authorization: `Bearer ${server.readKey}` };
      assert.equal(
        (await call(`${server.url}${PATH}`, 'GET', { ...auth, origin: 'https://b.example' })).headers['access-control-allow-origin'],
        'https://b.example',
      );
      assert.equal(
        (await call(`${server.url}${PATH}`, 'GET', { ...auth, origin: 'https://evil.example' })).headers['access-control-allow-origin'],
        undefined,
      );
      const pre = await call(`${server.url}${PATH}`, 'OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'GET' });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers['access-control-allow-origin'], undefined);
    } finally {
      await server.stop();
    }
  });
});

describe('response compression', () => {
  let server: TestServer;
  let identity: Answer;
  before(async () => {
    server = await startTestServer();
    const key = await server.createKey('z', ['ingest']);
    const events = Array.from({ length: 40 }, (_, i) =>
      taggedEvent(`c-${i}`, { tag: ['math', 'translation', 'code:debugging', 'summarization'][i % 4], model: `vendor/model-${i % 12}` }),
    );
    assert.equal((await postEvents(server.url, key, events)).status, 200);
    identity = await call(`${server.url}${PATH}`, 'GET', { authorization: `Bearer ${server.readKey}` });
  });
  after(() => server.stop());

  const get = (headers: Record<string, string>) =>
    call(`${server.url}${PATH}`, 'GET', { authorization: `Bearer ${server.readKey}`, ...headers });

  it('sends identity to a client that asks for nothing', () => {
    assert.equal(identity.status, 200);
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.equal(identity.headers.vary, 'Accept-Encoding, Origin');
  });

  it('gzip and br decode to the same bytes, each with its own ETag', async () => {
    const gz = await get({ 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(gz.body.length < identity.body.length);
    assert.deepEqual(gunzipSync(gz.body), identity.body);
    const br = await get({ 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(brotliDecompressSync(br.body), identity.body);
    const tags = new Set([identity.headers.etag, gz.headers.etag, br.headers.etag]);
    assert.equal(tags.size, 3);
  });

  it('honours q-values, identity and *', async () => {
    const cases: Array<[string, string | undefined]> = [
      ['br;q=0.5, gzip', 'gzip'],
      ['gzip;q=0, br;q=0', undefined],
      ['identity', undefined],
      ['deflate', undefined],
      ['*', 'br'],
      ['br;q=0, *', 'gzip'],
      ['*;q=0', undefined],
    ];
    for (const [accept, expected] of cases)
      assert.equal((await get({ 'accept-encoding': accept })).headers['content-encoding'], expected, accept);
  });

  it("304 for any coding's ETag, under any coding", async () => {
    const gz = await get({ 'accept-encoding': 'gzip' });
    for (const [accept, tag] of [
      ['gzip', gz.headers.etag],
      ['', gz.headers.etag],
      ['gzip', identity.headers.etag],
      ['br', `W/${gz.headers.etag}`],
    ] as const) {
      const res = await get({ 'accept-encoding': accept, 'if-none-match': String(tag) });
      assert.equal(res.status, 304, `${accept} ${tag}`);
      assert.equal(res.headers.etag, String(tag).replace(/^W\//, ''), 'the 304 names the representation the client holds');
      assert.equal(res.body.length, 0);
      assert.equal(res.headers.vary, 'Accept-Encoding, Origin');
    }
  });

  it('the API description is compressed too', async () => {
    const res = await call(`${server.url}/api/v1/openapi.json`, 'GET', { 'accept-encoding': 'gzip' });
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal((JSON.parse(gunzipSync(res.body).toString()) as { openapi: string }).openapi, '3.1.0');
  });
});
