/**
 * The UTC window, end to end: events go in through the API with a fixed clock, and the snapshot
 * shows exactly the ones inside the 7 days ending yesterday.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { postEvents, startTestServer, taggedEvent } from './helpers/server.ts';

it('counts as_of up to 23:59:59.999 and 6 days before it; not today, not 7 days before', async () => {
  const now = Date.parse('2026-06-18T10:00:00Z');
  const server = await startTestServer({}, { now: () => now });
  try {
    const key = await server.createKey('edges', ['ingest']);
    const res = await postEvents(server.url, key, [
      taggedEvent('in-last-ms', { timestamp: '2026-06-17T23:59:59.999Z', tag: 'math' }),
      taggedEvent('today', { timestamp: '2026-06-18T00:00:00.000Z', tag: 'translation' }),
      taggedEvent('six-days-before', { timestamp: Date.parse('2026-06-11T00:00:00.000Z'), tag: 'summarization' }),
      taggedEvent('seven-days-before', { timestamp: '2026-06-10T23:59:59.999Z', tag: 'code:debugging' }),
      taggedEvent('offset-zone', { timestamp: '2026-06-18T01:30:00+02:00', tag: 'roleplay_fiction' }), // 23:30 UTC on the 17th
    ]);
    const { outside_window: outside, ...counts } = ((await res.json()) as { data: { outside_window: { reason?: string } } }).data;
    assert.deepEqual(counts, { accepted: 5, duplicates: 0, sampled_out: 0, rejected: [] });
    // The response says which accepted events the snapshot below leaves out, and why.
    assert.deepEqual(
      { ...outside, reason: undefined },
      { count: 2, today: 1, older: 1, window: { from: '2026-06-11', to: '2026-06-17' }, reason: undefined },
    );
    const body = (await (await server.get('/api/v1/classifications/task')).json()) as {
      data: { as_of: string; classifications: Array<{ tag: string }> };
    };
    assert.equal(body.data.as_of, '2026-06-17');
    assert.deepEqual(body.data.classifications.map((c) => c.tag).sort(), ['math', 'roleplay_fiction', 'summarization']);
  } finally {
    await server.stop();
  }
});
