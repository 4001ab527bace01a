/**
 * POST /api/v1/events: per-record reasons, neighbours kept, limits, idempotency and sampling.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

type Summary = {
  accepted: number;
  duplicates: number;
  sampled_out: number;
  rejected: Array<{ line: number; id?: string; reason: string }>;
};
const summary = async (res: Response): Promise<Summary> => {
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { data: Summary }).data;
};

describe('POST /api/v1/events', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer({ maxEventsPerRequest: 50, maxBodyBytes: 64 * 1024, maxRecordBytes: 2048 });
    key = await server.createKey('ingester', ['ingest']);
  });
  after(() => server.stop());

  it('rejects each bad record with its reason and accepts its neighbours', async () => {
    const lines = [
      JSON.stringify(taggedEvent('ok-1')),
      '{"id": "broken", ',
      JSON.stringify({ ...taggedEvent('x'), id: undefined }),
      JSON.stringify(taggedEvent('')),
      JSON.stringify(taggedEvent('bad-ts', { timestamp: 'yesterday' })),
      JSON.stringify(taggedEvent('neg', { usage: { prompt_tokens: -1, completion_tokens: 0 } })),
      JSON.stringify(taggedEvent('frac', { usage: { prompt_tokens: 1.5, completion_tokens: 0 } })),
      JSON.stringify(taggedEvent('unknown-tag', { tag: 'code:everything' })),
      JSON.stringify({ ...taggedEvent('no-shape'), tag: undefined, request: { model: 'gpt-4.1' } }),
      JSON.stringify(taggedEvent('huge', { app: 'x'.repeat(3000) })),
      JSON.stringify({ ...taggedEvent('neither'), tag: undefined }),
      JSON.stringify(taggedEvent('future', { timestamp: Date.now() + 3 * 86_400_000 })),
      '[1,2]',
      JSON.stringify(taggedEvent('ok-2', { model: null, user: 'u-1', app: 'ide' })),
    ];
    const s = await summary(await postEvents(server.url, key, lines));
    assert.equal(s.accepted, 2);
    const reasons = Object.fromEntries(s.rejected.map((r) => [r.line, r.reason]));
    assert.deepEqual(Object.keys(reasons).map(Number), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert.match(reasons[2]!, /invalid JSON/);
    assert.match(reasons[3]!, /missing required field id/);
    assert.match(reasons[4]!, /id must not be empty/);
    assert.match(reasons[5]!, /timestamp/);
    assert.match(reasons[6]!, /prompt_tokens must be >= 0/);
    assert.match(reasons[7]!, /prompt_tokens must be integer/);
    assert.match(reasons[8]!, /unknown tag "code:everything"/);
    assert.match(reasons[9]!, /request: /);
    assert.match(reasons[10]!, /larger than 2048 bytes/);
    assert.match(reasons[11]!, /either `request`/);
    assert.match(reasons[12]!, /future/);
    assert.match(reasons[13]!, /JSON object/);
    assert.equal(s.rejected.find((r) => r.line === 6)?.id, 'neg');
  });

  it('takes a JSON array too, and a retried batch counts nothing twice', async () => {
    const batch = [taggedEvent('arr-1'), taggedEvent('arr-2'), taggedEvent('arr-1')];
    const counts = ({ accepted, duplicates, sampled_out, rejected }: Summary) => ({ accepted, duplicates, sampled_out, rejected });
    assert.deepEqual(counts(await summary(await postEvents(server.url, key, batch, 'application/json'))), {
      accepted: 2,
      duplicates: 1,
      sampled_out: 0,
      rejected: [],
    });
    assert.deepEqual(counts(await summary(await postEvents(server.url, key, batch, 'application/json'))), {
      accepted: 0,
      duplicates: 3,
      sampled_out: 0,
      rejected: [],
    });
  });

  it('415 for another content type, 400 for a body that is not an array, 403 without the ingest scope', async () => {
    const text = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
      body: 'hi',
    });
    assert.equal(text.status, 415);
    assert.equal(((await text.json()) as { error: { code: number } }).error.code, 415);
    const object = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{"id":"x"}',
    });
    assert.equal(object.status, 400);
    assert.equal((await postEvents(server.url, server.readKey, [taggedEvent('r')])).status, 403);
  });

  it('413 for too many events or too many bytes, and nothing from that request is stored', async () => {
    const before = await server.store.countEvents();
    const many = Array.from({ length: 51 }, (_, i) => taggedEvent(`many-${i}`));
    const tooMany = await postEvents(server.url, key, many);
    assert.equal(tooMany.status, 413);
    assert.match(((await tooMany.json()) as { error: { message: string } }).error.message, /At most 50 events/);
    const big = Array.from({ length: 40 }, (_, i) => taggedEvent(`big-${i}`, { app: 'y'.repeat(1900) }));
    const tooBig = await postEvents(server.url, key, big);
    assert.equal(tooBig.status, 413);
    assert.equal(((await tooBig.json()) as { error: { code: number } }).error.code, 413);
    assert.equal(await server.store.countEvents(), before);
  });
});

describe('sampling', () => {
  it('keeps a deterministic fraction by id; the rest are counted, not stored', async () => {
    const server = await startTestServer({ sampleRate: 0.5 });
    try {
      const key = await server.createKey('s', ['ingest']);
      const events = Array.from({ length: 400 }, (_, i) => taggedEvent(`sample-${i}`));
      const first = await summary(await postEvents(server.url, key, events));
      assert.equal(first.accepted + first.sampled_out, 400);
      assert.ok(first.accepted > 150 && first.accepted < 250, String(first.accepted));
      const again = await summary(await postEvents(server.url, key, events));
      assert.deepEqual([again.accepted, again.duplicates, again.sampled_out], [0, first.accepted, first.sampled_out]);
      assert.equal(await server.store.countEvents(), first.accepted);
    } finally {
      await server.stop();
    }
  });
});
