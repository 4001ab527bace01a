/**
 * Compressed ingest bodies: gzip, deflate and br are decoded as a stream; the body limit counts the
 * decoded bytes (a bomb is a 413, not memory); other encodings are a 415; corrupt data a 400.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

async function post(server: TestServer, key: string, body: Buffer, encoding: string, type = 'application/x-ndjson'): Promise<Response> {
  return fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': type, 'content-encoding': encoding },
    body: new Uint8Array(body),
  });
}

async function errorOf(res: Response, status: number): Promise<string> {
  assert.equal(res.status, status);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const body = (await res.json()) as { error: { code: number; message: string } };
  assert.equal(body.error.code, status);
  return body.error.message;
}

describe('compressed ingest bodies', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer({ maxBodyBytes: 1024 * 1024 });
    key = await server.createKey('zip', ['ingest']);
  });
  after(() => server.stop());

  const ndjson = (prefix: string) => Buffer.from([1, 2, 3].map((i) => JSON.stringify(taggedEvent(`${prefix}-${i}`))).join('\n'));

  for (const [encoding, compress] of [
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
    ['GZip', gzipSync],
  ] as const) {
    it(`${encoding}: every record accepted`, async () => {
      const res = await post(server, key, compress(ndjson(encoding)), encoding);
      assert.equal(res.status, 200);
      const { data } = (await res.json()) as { data: { accepted: number; rejected: unknown[] } };
      assert.equal(data.accepted, 3);
      assert.deepEqual(data.rejected, []);
    });
  }

  it('a gzip JSON array, and identity, are accepted too', async () => {
    const array = Buffer.from(JSON.stringify([taggedEvent('arr-1'), taggedEvent('arr-2')]));
    assert.equal(
      ((await (await post(server, key, gzipSync(array), 'gzip', 'application/json')).json()) as { data: { accepted: number } }).data
        .accepted,
      2,
    );
    assert.equal(((await (await post(server, key, ndjson('id'), 'identity')).json()) as { data: { accepted: number } }).data.accepted, 3);
  });

  it('a bomb (64 MiB of zeros in a small gzip) is a 413 on its decoded size; the server lives on', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    assert.ok(bomb.length < 100 * 1024, `bomb is ${bomb.length} bytes`);
    assert.match(await errorOf(await post(server, key, bomb, 'gzip'), 413), /decompressed/);
    assert.equal((await post(server, key, gzipSync(ndjson('after-bomb')), 'gzip')).status, 200);
  });

  it('an unknown encoding is a 415; corrupt data a 400', async () => {
    assert.match(await errorOf(await post(server, key, ndjson('zstd'), 'zstd'), 415), /Content-Encoding/);
    assert.match(await errorOf(await post(server, key, ndjson('not-gzip'), 'gzip'), 400), /gzip/);
    const cut = gzipSync(ndjson('cut'));
    assert.equal((await post(server, key, cut.subarray(0, cut.length - 10), 'gzip')).status, 400);
  });
});
