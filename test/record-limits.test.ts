/**
 * Field limits end to end, on both stores: records that used to fail their whole batch with a 500 (or
 * overflow a rollup and take the read endpoint down) are each rejected alone with a reason; epoch
 * seconds, the retention and the window are told apart in the ingest response.
 */
// test-needs: postgres
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import pg from 'pg';
import { startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

const pgUrl = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = Date.parse('2026-06-18T10:00:00Z'); // window 2026-06-11 .. 2026-06-17; retention keeps 2026-05-14 on
const DAY = 86_400_000;
const YESTERDAY = '2026-06-17T12:00:00Z';

type Summary = {
  accepted: number;
  duplicates: number;
  sampled_out: number;
  rejected: Array<{ line: number; id?: string; reason: string }>;
  outside_window: { count: number; today: number; older: number; window: { from: string; to: string }; reason?: string };
};

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const line = (id: string, over: Record<string, unknown> = {}) => JSON.stringify(taggedEvent(id, { timestamp: YESTERDAY, ...over }));

/** Each bad record as text (some cannot be written with JSON.stringify), and what its rejection says. */
const BAD: Array<[string, RegExp]> = [
  [line('a\ud800'), /^id is not well-formed Unicode/],
  [line('\ufeffbom'), /^id holds a control or invisible format character/],
  [line('nul\u0000id'), /^id holds a control/],
  [line('nul-model', { model: 'm\u0000' }), /^model holds a control/],
  [line('nul-app', { app: 'a\u0000' }), /^app holds a control/],
  [line('nul-user', { user: 'u\u0000' }), /^user holds a control/],
  [line('tok-19').replace('"prompt_tokens":100', '"prompt_tokens":1e19'), /prompt_tokens must be <= 1000000000/],
  [line('tok-309').replace('"prompt_tokens":100', '"prompt_tokens":1e309'), /prompt_tokens must be <= 1000000000/],
  [line('tok-near-2^63').replace('"prompt_tokens":100', '"prompt_tokens":9223372036854775000'), /prompt_tokens must be <= 1000000000/],
  [line('year-0', { timestamp: '0000-01-01T00:00:00Z' }), /before 2020-01-01/],
  [line('seconds-1970', { timestamp: 1_796_083 }), /before 2020-01-01.*epoch seconds/],
  [line('past-retention', { timestamp: NOW - 40 * DAY }), /older than the 35-day retention/],
  [line('deep-top').replace(/}$/, `,"extra":${deep(4100)}}`), /nested more than 64 levels deep/],
  [
    JSON.stringify({
      ...taggedEvent('deep-request', { timestamp: YESTERDAY }),
      tag: undefined,
      request: { messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'DEEP' }] }] },
    }).replace('"DEEP"', deep(4100)),
    /nested more than 64 levels deep/,
  ],
];

/** Good records around the bad ones: yesterday (in the window), epoch seconds, today, before the window. */
const GOOD = [
  line('good-iso', { tag: 'math' }),
  line('good-seconds', { tag: 'translation', timestamp: Date.parse('2026-06-16T08:00:00Z') / 1000 + 0.25 }),
  line('good-ms', { tag: 'math', timestamp: Date.parse('2026-06-15T08:00:00Z') }),
  line('good-max-tokens', { tag: 'math', usage: { prompt_tokens: 1e9, completion_tokens: 1e9 } }),
  line('good-today', { tag: 'summarization', timestamp: NOW - 3_600_000 }),
  line('good-older', { tag: 'summarization', timestamp: '2026-05-20T00:00:00Z' }),
  line('good-unicode-😀-日本', { tag: 'math', model: 'vendor/モデル', app: 'ide ü' }),
];

async function ingestSummary(server: TestServer, key: string, lines: string[], contentType: string): Promise<Summary> {
  const body = contentType.includes('ndjson') ? lines.join('\n') : `[${lines.join(',')}]`;
  const res = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    body,
  });
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { data: Summary }).data;
}

const stores: Array<[string, () => Record<string, unknown>]> = [
  ['duckdb', () => ({})],
  ['postgres', () => ({ store: 'postgres', databaseUrl: pgUrl, pgSchema: `lim_${randomBytes(6).toString('hex')}` })],
];

async function dropSchema(settings: Record<string, unknown>): Promise<void> {
  if (settings.store !== 'postgres') return;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${String(settings.pgSchema)} CASCADE`);
  await client.end();
}

for (const [name, settingsFor] of stores) {
  describe(`field limits on ${name}`, () => {
    it('each bad record is rejected alone with its reason, in NDJSON and a JSON array; neighbours and the read API are fine', async () => {
      const settings = settingsFor();
      const server = await startTestServer(settings, { now: () => NOW });
      try {
        const key = await server.createKey('limits', ['ingest']);
        const validSummary = new Ajv({ strict: false }).compile(
          ((await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { components: { schemas: Record<string, object> } })
            .components.schemas.IngestSummary!,
        );
        for (const contentType of ['application/x-ndjson', 'application/json']) {
          // Bad and good interleaved: every other line is good.
          const lines = BAD.flatMap(([bad], i) => [
            bad,
            GOOD[i % GOOD.length]!.replace('"id":"good', `"id":"${contentType.length}-${i}-good`),
          ]);
          const s = await ingestSummary(server, key, lines, contentType);
          assert.equal(s.accepted, BAD.length, contentType);
          assert.deepEqual(
            s.rejected.map((r) => r.line),
            BAD.map((_, i) => 2 * i + 1),
          );
          s.rejected.forEach((r, i) => {
            assert.match(r.reason, BAD[i]![1], `${contentType} line ${r.line}: ${r.reason}`);
          });
          assert.ok(validSummary({ data: s }), JSON.stringify(validSummary.errors));
        }
        const read = await server.get('/api/v1/classifications/task');
        assert.equal(read.status, 200);
      } finally {
        await server.stop();
        await dropSchema(settings);
      }
    });

    it('epoch seconds and milliseconds land on their day; events of today and before the window count in outside_window', async () => {
      const settings = settingsFor();
      const server = await startTestServer(settings, { now: () => NOW });
      try {
        const key = await server.createKey('window', ['ingest']);
        const s = await ingestSummary(server, key, GOOD, 'application/x-ndjson');
        assert.deepEqual([s.accepted, s.rejected], [GOOD.length, []]);
        assert.deepEqual(
          { ...s.outside_window, reason: undefined },
          { count: 2, today: 1, older: 1, window: { from: '2026-06-11', to: '2026-06-17' }, reason: undefined },
        );
        assert.match(s.outside_window.reason!, /1 dated today \(UTC\) or later count from the next UTC day on.*1 dated before 2026-06-11/);
        // A retry is all duplicates, so nothing is newly outside the window.
        const again = await ingestSummary(server, key, GOOD, 'application/x-ndjson');
        assert.deepEqual([again.duplicates, again.outside_window.count], [GOOD.length, 0]);

        const body = (await (await server.get('/api/v1/classifications/task')).json()) as {
          data: { classifications: Array<{ tag: string; usage_share: number; token_share: number }> };
        };
        assert.deepEqual(
          body.data.classifications.map((c) => [c.tag, c.usage_share]),
          [
            ['math', 0.8],
            ['translation', 0.2],
          ],
        );
        for (const c of body.data.classifications) assert.ok(Number.isFinite(c.token_share));
      } finally {
        await server.stop();
        await dropSchema(settings);
      }
    });

    it('an event is kept while its id is remembered; once pruned, a retry is refused, never counted twice', async () => {
      const settings = settingsFor();
      const dataDir = mkdtempSync(join(tmpdir(), 'taskshare-retention-'));
      const edge = [line('edge', { timestamp: '2026-05-14T06:00:00Z', tag: 'math' })]; // the oldest day 35 days keep at NOW
      try {
        const first = await startTestServer(settings, { now: () => NOW, dataDir });
        try {
          const key = await first.createKey('r', ['ingest']);
          assert.equal((await ingestSummary(first, key, edge, 'application/x-ndjson')).accepted, 1);
        } finally {
          await first.close();
        }
        const next = await startTestServer(settings, { now: () => NOW + DAY, dataDir }); // prunes 2026-05-14 at start
        try {
          const key = await next.createKey('r2', ['ingest']);
          const retry = await ingestSummary(next, key, edge, 'application/x-ndjson');
          assert.equal(retry.accepted, 0);
          assert.match(retry.rejected[0]!.reason, /older than the 35-day retention \(days before 2026-05-15/);
          assert.deepEqual(await next.store.rollups('2026-05-14', '2026-05-14'), [
            { tag: 'math', model: 'openai/gpt-4.1', requests: 1, tokens: 120, tokenSquares: 120 * 120, cost: 0, costRequests: 0 },
          ]);
        } finally {
          await next.close();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        await dropSchema(settings);
      }
    });
  });
}
