/**
 * POST /api/v1/integrations/litellm against a running server, with the bodies LiteLLM's generic_api
 * callback sends (Content-Type application/json whatever its log_format: json_array, ndjson, single).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { utcDay } from '../src/shares/window.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const START = Date.now() / 1000 - 86_400; // LiteLLM's startTime: epoch seconds, with a fraction
const DAY = utcDay(Math.round(START * 1000));
const fixture = (name: string, over: Record<string, unknown> = {}) => ({
  ...(JSON.parse(readFileSync(new URL(`../src/integrations/litellm/testdata/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >),
  startTime: START,
  endTime: START + 1.5,
  ...over,
});

type Summary = {
  accepted: number;
  duplicates: number;
  sampled_out: number;
  failed: number;
  skipped: number;
  rejected: Array<{ line: number; id?: string; reason: string }>;
};

describe('POST /api/v1/integrations/litellm', () => {
  let server: TestServer;
  let key: string;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/integrations/litellm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body,
    });
  const summary = async (res: Response): Promise<Summary> => {
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { data: Summary }).data;
  };
  before(async () => {
    server = await startTestServer({ maxEventsPerRequest: 20, litellmApp: 'team' });
    key = await server.createKey('gateway', ['ingest']);
  });
  after(() => server.stop());

  it('a json_array batch: successes stored, the failure counted apart, the embedding skipped, a bad payload rejected by name', async () => {
    const batch = [
      fixture('success'),
      fixture('failure'),
      fixture('redacted'),
      fixture('embedding'),
      fixture('responses'),
      { ...fixture('success'), id: undefined },
    ];
    const s = await summary(await post(JSON.stringify(batch)));
    const { outside_window: outside, ...counts } = s as typeof s & { outside_window: { count: number } };
    assert.deepEqual(counts, {
      accepted: 3,
      duplicates: 0,
      sampled_out: 0,
      rejected: [{ line: 6, reason: 'LiteLLM payload without `id`' }],
      failed: 1,
      skipped: 1,
    });
    assert.equal(outside.count, 0);
    const rows = await server.store.rollups(DAY, DAY);
    const byModel = Object.fromEntries(rows.map((r) => [`${r.model}|${r.tag === 'other' ? 'other' : 'classified'}`, r]));
    assert.equal(byModel['gpt-4o-mini|classified']?.tokens, 125);
    assert.equal(byModel['gpt-4o-mini|other']?.requests, 1, 'redacted messages: counted as other');
    assert.equal(byModel['gpt-4.1|classified']?.tokens, 150);
    assert.equal(
      rows.reduce((n, r) => n + r.requests, 0),
      3,
    );

    const again = await summary(await post(JSON.stringify(batch)));
    assert.equal(again.accepted, 0);
    assert.equal(again.duplicates, 3, 'a retried batch counts nothing twice');
  });

  it('ndjson (still sent as application/json) and single objects, pretty-printed or not', async () => {
    const lines = [fixture('success', { id: 'nd-1' }), fixture('success', { id: 'nd-2' })].map((p) => JSON.stringify(p)).join('\n');
    assert.equal((await summary(await post(lines))).accepted, 2);
    assert.equal((await summary(await post(JSON.stringify(fixture('success', { id: 'single-1' }))))).accepted, 1);
    assert.equal((await summary(await post(JSON.stringify(fixture('success', { id: 'single-2' }), null, 2)))).accepted, 1);
    const broken = await summary(await post(`${JSON.stringify(fixture('success', { id: 'nd-3' }))}\n{"id":"nd-4", oops`));
    assert.equal(broken.accepted, 1);
    assert.deepEqual(broken.rejected, [{ line: 2, id: 'nd-4', reason: 'invalid JSON' }]);
  });

  it("bad bodies and requests are refused with the contract's error shape", async () => {
    const check = async (res: Response, status: number, message: RegExp) => {
      assert.equal(res.status, status);
      assert.equal(res.headers.get('content-type'), 'application/json');
      const body = (await res.json()) as { error: { code: number; message: string } };
      assert.equal(body.error.code, status);
      assert.match(body.error.message, message);
    };
    await check(await post('"just a string"'), 400, /LiteLLM body must be a JSON array/);
    await check(await post('[{"id":"x"'), 400, /not valid JSON/);
    await check(await post('{}', { 'content-type': 'text/plain' }), 415, /application\/json/);
    await check(
      await post(JSON.stringify(Array.from({ length: 21 }, (_, i) => fixture('success', { id: `big-${i}` })))),
      413,
      /batch_size/,
    );
    await check(
      await fetch(`${server.url}/api/v1/integrations/litellm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '[]',
      }),
      401,
      /Missing Authentication/,
    );
    await check(
      await fetch(`${server.url}/api/v1/integrations/litellm`, { headers: { authorization: `Bearer ${key}` } }),
      405,
      /allowed: POST/,
    );
    const readOnly = await server.createKey('reader', ['read']);
    await check(await post('[]', { authorization: `Bearer ${readOnly}` }), 403, /ingest/);
  });
});
