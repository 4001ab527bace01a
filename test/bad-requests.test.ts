/**
 * Requests the classifier cannot read, through a real server classifying on worker threads: every
 * event is accepted and stored with a tag (or `other`), none is rejected or turns into a 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BAD_REQUESTS } from '../src/classify/bad-input.cases.ts';
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
    const events = BAD_REQUESTS.map(([name, request], i) => JSON.stringify({
      id: `bad-${i}`, timestamp: Date.now() - 86_400_000, model: name, usage: { prompt_tokens: 1, completion_tokens: 1 }, request: '@',
    }).replace('"@"', request));
    const res = await postEvents(server.url, key, events);
    assert.equal(res.status, 200, (await res.clone().text()).slice(0, 500));
    const { data } = (await res.json()) as { data: { accepted: number; rejected: unknown[] } };
    assert.deepEqual(data.rejected, []);
    assert.equal(data.accepted, BAD_REQUESTS.length);
    assert.equal(await server.store.countEvents(), BAD_REQUESTS.length);
  });
});
