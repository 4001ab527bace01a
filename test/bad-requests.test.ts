/**
 * Requests the classifier cannot read, through a real server classifying on worker threads: every
 * event is accepted and stored with a tag (or `other`), none turns into a 5xx; only those nested past
 * the record depth limit are rejected, each alone and with that reason (the classifier's own bounds
 * for them are tested in src/classify/bad-input.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BAD_REQUESTS } from '../src/classify/bad-input.cases.ts';
import { nestingExceeds } from '../src/ingest/json-scan.ts';
import { MAX_DEPTH } from '../src/ingest/limits.ts';
import { postEvents, startTestServer, type TestServer } from './helpers/server.ts';

describe('unreadable requests at ingestion', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer({ classifierWorkers: 1, maxRecordBytes: 16 * 1024 * 1024, maxBodyBytes: 64 * 1024 * 1024 });
    key = await server.createKey('ingester', ['ingest']);
  });
  after(() => server.stop());

  it('accepts and classifies every one of them', async () => {
    // As text: some of these nest deeper than JSON.stringify can write.
    const events = BAD_REQUESTS.map(([name, request], i) =>
      JSON.stringify({
        id: `bad-${i}`,
        timestamp: Date.now() - 86_400_000,
        model: name,
        usage: { prompt_tokens: 1, completion_tokens: 1 },
        request: '@',
      }).replace('"@"', request),
    );
    const res = await postEvents(server.url, key, events);
    assert.equal(res.status, 200, (await res.clone().text()).slice(0, 500));
    const { data } = (await res.json()) as { data: { accepted: number; rejected: Array<{ id: string; reason: string }> } };
    const tooDeep = events.map((e, i) => (nestingExceeds(e, MAX_DEPTH) ? `bad-${i}` : undefined)).filter((id) => id !== undefined);
    assert.ok(tooDeep.length < events.length, 'most cases are within the depth limit');
    assert.deepEqual(
      data.rejected.map((r) => r.id),
      tooDeep,
    );
    for (const r of data.rejected) assert.match(r.reason, /nested more than 64 levels deep/);
    assert.equal(data.accepted, BAD_REQUESTS.length - tooDeep.length);
    assert.equal(await server.store.countEvents(), BAD_REQUESTS.length - tooDeep.length);
  });
});
