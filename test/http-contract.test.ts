/**
 * The classifications endpoint over real HTTP: statuses, headers, caching, the contract's schemas.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { validateResponse } from './helpers/openapi.ts';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

const PATH = '/api/v1/classifications/task';

async function expectError(res: Response, status: number, message?: RegExp): Promise<Record<string, unknown>> {
  assert.equal(res.status, status);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const body = (await res.json()) as { error: { code: unknown; message: string } };
  assert.equal(body.error.code, status);
  assert.equal(typeof body.error.message, 'string');
  if (message) assert.match(body.error.message, message);
  assert.doesNotMatch(JSON.stringify(body), /at .*\.ts:|node_modules|SELECT|duckdb/i);
  if ([400, 401, 429, 500].includes(status)) assert.deepEqual(validateResponse(status, body), []);
  return body;
}

/** Sends raw bytes and returns the raw answer: for requests fetch cannot make. */
function rawRequest(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let out = '';
    socket.on('data', (d) => (out += d));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('GET /api/v1/classifications/task', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const ingestKey = await server.createKey('acme', ['ingest']);
    const res = await postEvents(server.url, ingestKey, [
      taggedEvent('e1', { tag: 'code:debugging' }),
      taggedEvent('e2', { tag: 'code:debugging', model: 'anthropic/claude-sonnet-4.5' }),
      taggedEvent('e3', { tag: 'translation', usage: { prompt_tokens: 1, completion_tokens: 1 } }),
      taggedEvent('e4', { tag: 'other' }),
    ]);
    assert.equal(res.status, 200);
  });
  after(() => server.stop());

  it('answers 200 with the contract shape, shares and caching headers', async () => {
    const res = await server.get(PATH);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('cache-control'), 'private, max-age=60, stale-while-revalidate=300');
    assert.match(res.headers.get('etag') ?? '', /^"[^"]+"$/);
    const body = (await res.json()) as {
      data: { classifications: Array<{ tag: string; usage_share: number; models: unknown[] }>; window_days: number; as_of: string };
    };
    assert.deepEqual(validateResponse(200, body), []);
    assert.equal(body.data.window_days, 7);
    assert.equal(body.data.as_of, new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    assert.deepEqual(
      body.data.classifications.map((c) => [c.tag, c.usage_share]),
      [
        ['code:debugging', 2 / 3],
        ['translation', 1 / 3],
      ],
    );
  });

  it('accepts no query and window=7d alike; ignores unknown parameters', async () => {
    const a = await (await server.get(PATH)).text();
    assert.equal(await (await server.get(`${PATH}?window=7d`)).text(), a);
    assert.equal(await (await server.get(`${PATH}?window=7d&foo=bar`)).text(), a);
  });

  it('refuses other windows with a 400 that names the allowed values', async () => {
    for (const q of ['window=30d', 'window=', 'window=7d&window=7d', 'window=7D']) {
      await expectError(await server.get(`${PATH}?${q}`), 400, /"7d"/);
    }
  });

  it('answers 304 to a matching If-None-Match, weak or in a list', async () => {
    const etag = (await server.get(PATH)).headers.get('etag')!;
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await server.get(PATH, { 'if-none-match': inm });
      assert.equal(res.status, 304, inm);
      assert.equal(res.headers.get('etag'), etag);
      assert.equal(await res.text(), '');
    }
    assert.equal((await server.get(PATH, { 'if-none-match': '"other"' })).status, 200);
  });

  it('changes the ETag when new events are committed', async () => {
    const before = (await server.get(PATH)).headers.get('etag');
    const key = await server.createKey('acme', ['ingest']);
    await postEvents(server.url, key, [taggedEvent('etag-1', { tag: 'summarization' })]);
    assert.notEqual((await server.get(PATH)).headers.get('etag'), before);
  });

  it('401 without, with a malformed, an unknown or a revoked key', async () => {
    await expectError(await fetch(`${server.url}${PATH}`), 401, /^Missing Authentication header$/);
    await expectError(await server.get(PATH, { authorization: 'Basic abc' }), 401);
    await expectError(await server.get(PATH, { authorization: 'Bearer' }), 401);
    await expectError(await server.get(PATH, { authorization: 'Bearer tsk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 401);
    const key = await server.createKey('gone', ['read']);
    assert.equal((await server.get(PATH, { authorization: `Bearer ${key}` })).status, 200);
    const list = (await (
      await fetch(`${server.url}/api/v1/admin/keys`, { headers: { authorization: `Bearer ${server.adminKey}` } })
    ).json()) as { data: Array<{ id: string; account: string }> };
    const id = list.data.find((k) => k.account === 'gone')!.id;
    const revoke = await fetch(`${server.url}/api/v1/admin/keys/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${server.adminKey}` },
    });
    assert.equal(revoke.status, 200);
    await expectError(await server.get(PATH, { authorization: `Bearer ${key}` }), 401);
  });

  it('403 for a key without the read scope, with rate-limit headers', async () => {
    const key = await server.createKey('acme', ['ingest']);
    const res = await server.get(PATH, { authorization: `Bearer ${key}` });
    await expectError(res, 403, /read/);
    assert.ok(res.headers.get('x-ratelimit-limit'));
  });

  it('400 for a doubled Authorization header', async () => {
    const { port } = new URL(server.url);
    const raw = await rawRequest(
      server.url,
      `GET ${PATH} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${server.readKey}\r\n` +
        `Authorization: Bearer ${server.readKey}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(raw, /^HTTP\/1.1 400/);
    assert.match(raw, /"code":400/);
  });

  it('404 for unknown routes and 405 for wrong methods, in the error shape', async () => {
    await expectError(await server.get('/api/v1/nope'), 404);
    await expectError(await fetch(`${server.url}/nope`), 404); // / is the rankings page
    const res = await fetch(`${server.url}${PATH}`, { method: 'POST', headers: { authorization: `Bearer ${server.readKey}` } });
    await expectError(res, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD, OPTIONS'); // OPTIONS: CORS preflights
  });

  it('414 for a long URL, 431 for a huge one, 400 for garbage bytes; the server lives on', async () => {
    await expectError(await server.get(`${PATH}?x=${'a'.repeat(5000)}`), 414);
    const huge = await rawRequest(server.url, `GET ${PATH}?x=${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.match(huge, /^HTTP\/1.1 431[\s\S]*"code":431/);
    const garbage = await rawRequest(server.url, '\x00\x01\x02 garbage \xff\r\n\r\n');
    assert.match(garbage, /^HTTP\/1.1 400[\s\S]*application\/json[\s\S]*"code":400/);
    assert.equal((await server.get(PATH)).status, 200);
  });
});

describe('an empty store', () => {
  it('answers 200 with empty arrays', async () => {
    const server = await startTestServer();
    try {
      const res = await server.get(PATH);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { data: Record<string, unknown> };
      assert.deepEqual(body.data.classifications, []);
      assert.deepEqual(body.data.macro_categories, []);
      assert.deepEqual(validateResponse(200, body), []);
    } finally {
      await server.stop();
    }
  });
});

describe('a failing store', () => {
  it('answers 500 in the error shape, with nothing internal', async () => {
    const server = await startTestServer();
    try {
      const key = await server.createKey('late', ['read']); // not yet in the key cache
      await server.store.close();
      await expectError(await server.get(PATH, { authorization: `Bearer ${key}` }), 500, /^Internal Server Error$/);
      assert.ok(server.logs.some((l) => l.includes('"level":50')));
    } finally {
      await server.stop();
    }
  });
});

describe('rate limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ rateLimitPerMinute: 3, rateLimitPerDay: 5 });
  });
  after(() => server.stop());

  it('sets X-RateLimit headers, then refuses with 429 and Retry-After; 401s count nothing', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await fetch(`${server.url}${PATH}`)).status, 401);
    const key = await server.createKey('limited', ['read']);
    const auth = { authorization: `Bearer ${key}` };
    const remaining = [];
    for (let i = 0; i < 3; i++) {
      const res = await server.get(PATH, auth);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), '3');
      assert.ok(Number(res.headers.get('x-ratelimit-reset')) > Date.now());
      remaining.push(res.headers.get('x-ratelimit-remaining'));
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const refused = await server.get(PATH, auth);
    await expectError(refused, 429, /^Rate limit exceeded$/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60);
  });

  it('the per-day limit is per account, across its keys', async () => {
    const keys = await Promise.all([1, 2].map(() => server.createKey('daily', ['read'])));
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await server.get(PATH, { authorization: `Bearer ${keys[i % 2]}` })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
  });
});
