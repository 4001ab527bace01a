/**
 * taskshare's own read API over real HTTP: the same numbers as the contract endpoint for its window,
 * the served description's schemas, and a 400 naming the parameter for every bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validateServed } from './helpers/openapi.ts';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

const PATH = '/api/v1/taskshare/classifications';
const HISTORY = `${PATH}/history`;
const DAY = 86_400_000;
const day = (ago: number) => new Date(Date.now() - ago * DAY).toISOString().slice(0, 10);
const at = (ago: number) => Date.parse(`${day(ago)}T12:00:00Z`);

type Item = Record<string, unknown> & { tag: string; usage_share: number; previous: { usage_share: number }; change_pp: { usage: number } };
type Body = { data: Record<string, unknown> & { classifications: Item[] } };

async function expect400(res: Response, message: RegExp): Promise<void> {
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const body = (await res.json()) as { error: { code: number; message: string } };
  assert.equal(body.error.code, 400);
  assert.match(body.error.message, message);
}

describe('GET /api/v1/taskshare/classifications and /history', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ rateLimitPerMinute: 1000, rateLimitPerDay: 10000 });
    const key = await server.createKey('acme', ['ingest']);
    const res = await postEvents(server.url, key, [
      taggedEvent('e1', { tag: 'code:debugging', timestamp: at(1) }),
      taggedEvent('e2', { tag: 'code:debugging', model: 'anthropic/claude-sonnet-4.5', timestamp: at(3) }),
      taggedEvent('e3', { tag: 'translation', timestamp: at(7), usage: { prompt_tokens: 1, completion_tokens: 1 } }),
      taggedEvent('e4', { tag: 'translation', timestamp: at(8) }), // the previous 7-day window
      taggedEvent('e5', { tag: 'math', timestamp: at(20) }), // in 28d only
      taggedEvent('e6', { tag: 'math', timestamp: at(0) }), // today: in no window
    ]);
    assert.equal(res.status, 200);
  });
  after(() => server.stop());

  it("with window=7d or no query: the contract endpoint's numbers exactly, plus taskshare's fields", async () => {
    const contract = (await (await server.get('/api/v1/classifications/task')).json()) as Body;
    for (const q of ['', '?window=7d', `?window=7d&as_of=${day(1)}`]) {
      const res = await server.get(`${PATH}${q}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json');
      const body = (await res.json()) as Body;
      assert.deepEqual(await validateServed('/taskshare/classifications', 200, body), []);
      const { from, to, previous_window, sample_rate, confidence_level, classifications, ...others } = body.data;
      const { app, apps, classifier_versions, has_cost, privacy, ...rest } = others;
      assert.deepEqual([app, apps, classifier_versions, has_cost], [null, [], ['upstream'], false]);
      assert.deepEqual(privacy, { min_users: null, models_folded: 0, tags_folded: 0 });
      assert.equal(confidence_level, 0.95);
      assert.deepEqual([from, to, sample_rate], [day(7), day(1), 1]);
      assert.deepEqual(previous_window, { from: day(14), to: day(8) });
      const stripped = classifications.map(({ previous: _p, change_pp: _c, usage_share_interval: i, token_share_interval: t, ...c }) => {
        assert.deepEqual(i, [c.usage_share, c.usage_share], 'every request counted at sample rate 1');
        assert.deepEqual(t, [c.token_share, c.token_share]);
        assert.equal('spend_share' in c, false, 'no cost data, no spend share');
        return c;
      });
      assert.deepEqual({ data: { ...rest, classifications: stripped } }, contract);
      assert.deepEqual(
        classifications.map((c) => [c.tag, c.usage_share, c.previous.usage_share]),
        [
          ['code:debugging', 2 / 3, 0],
          ['translation', 1 / 3, 1],
        ],
      );
      assert.ok(Math.abs(classifications[1]!.change_pp.usage - (1 / 3 - 1) * 100) < 1e-9);
    }
  });

  it('other windows and dates', async () => {
    const w28 = (await (await server.get(`${PATH}?window=28d`)).json()) as Body;
    assert.deepEqual(
      w28.data.classifications.map((c) => [c.tag, c.usage_share]),
      [
        ['code:debugging', 0.4],
        ['translation', 0.4],
        ['math', 0.2],
      ],
    );
    const w1 = (await (await server.get(`${PATH}?window=1d&as_of=${day(3)}`)).json()) as Body;
    assert.deepEqual([w1.data.from, w1.data.to, w1.data.window_days], [day(3), day(3), 1]);
    assert.deepEqual(
      w1.data.classifications.map((c) => [c.tag, c.usage_share]),
      [['code:debugging', 1]],
    );
  });

  it('history: one point per step ending at `to`, each the shares of its window', async () => {
    const res = await server.get(`${HISTORY}?from=${day(10)}&to=${day(1)}&step=1d&window=7d`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      data: { points: Array<{ as_of: string; classifications: Array<{ tag: string; usage_share: number }> }> };
    };
    assert.deepEqual(await validateServed('/taskshare/classifications/history', 200, body), []);
    assert.equal(body.data.points.length, 10);
    assert.equal(body.data.points.at(-1)!.as_of, day(1));
    for (const p of body.data.points) {
      const one = (await (await server.get(`${PATH}?as_of=${p.as_of}`)).json()) as Body;
      assert.deepEqual(
        p.classifications.map((c) => [c.tag, c.usage_share]),
        one.data.classifications.map((c) => [c.tag, c.usage_share]),
        p.as_of,
      );
    }
    const weekly = (await (await server.get(`${HISTORY}?from=${day(1 + 399 * 7)}&to=${day(1)}&step=7d`)).json()) as {
      data: { points: unknown[] };
    };
    assert.equal(weekly.data.points.length, 400);
  });

  it("CSV (format=csv or Accept: text/csv): one row per (window end, tag, model), the JSON's numbers", async () => {
    type Full = Item & {
      display_name: string;
      models: Array<{ id: string; tag_usage_share: number; tag_token_share: number }>;
      usage_share_interval: number[];
      token_share: number;
    };
    const json = (await (await server.get(`${PATH}?window=28d`)).json()) as { data: { as_of: string; classifications: Full[] } };
    for (const [q, headers] of [
      ['?window=28d&format=csv', {}],
      ['?window=28d', { accept: 'text/csv' }],
    ] as const) {
      const res = await server.get(`${PATH}${q}`, headers);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
      assert.equal(res.headers.get('vary'), 'Accept, Accept-Encoding, Origin');
      const rows = parseCsv(await res.text());
      const head = rows.shift()!;
      const col = (r: string[], name: string) => r[head.indexOf(name)]!;
      const expected = json.data.classifications.flatMap((c) => [{ c, m: undefined }, ...c.models.map((m) => ({ c, m }))]);
      assert.equal(rows.length, expected.length);
      rows.forEach((r, i) => {
        const { c, m } = expected[i]!;
        assert.deepEqual(
          [col(r, 'as_of'), col(r, 'tag'), col(r, 'model'), col(r, 'display_name')],
          [json.data.as_of, c.tag, m?.id ?? '', c.display_name],
        );
        assert.equal(Number(col(r, 'usage_share')), c.usage_share);
        assert.equal(Number(col(r, 'token_share')), c.token_share);
        assert.equal(Number(col(r, 'usage_share_low')), c.usage_share_interval[0]);
        assert.equal(Number(col(r, 'previous_usage_share')), c.previous.usage_share);
        assert.equal(Number(col(r, 'change_pp_usage')), c.change_pp.usage);
        assert.equal(col(r, 'tag_usage_share'), m ? String(m.tag_usage_share) : '');
      });
    }
    const history = (await (await server.get(`${HISTORY}?from=${day(5)}&to=${day(1)}`)).json()) as {
      data: { points: Array<{ as_of: string; classifications: Array<{ tag: string; usage_share: number; token_share: number }> }> };
    };
    const rows = parseCsv(await (await server.get(`${HISTORY}?from=${day(5)}&to=${day(1)}&format=csv`)).text());
    assert.deepEqual(rows.shift(), [
      'as_of',
      'from',
      'to',
      'window_days',
      'app',
      'tag',
      'macro_category',
      'model',
      'usage_share',
      'token_share',
    ]);
    assert.deepEqual(
      rows.map((r) => [r[0], r[5], Number(r[8]), Number(r[9])]),
      history.data.points.flatMap((p) => p.classifications.map((c) => [p.as_of, c.tag, c.usage_share, c.token_share])),
    );
    await expect400(await server.get(`${PATH}?format=xml`), /format "xml".*"json", "csv"/);
  });

  it('bad input: a 400 naming the parameter and what it accepts', async () => {
    const today = day(0);
    const cases: Array<[string, RegExp]> = [
      [`${PATH}?window=30d`, /window "30d".*"1d", "7d", "28d", "90d"/],
      [`${PATH}?window=`, /window "".*"7d"/],
      [`${PATH}?window=7d&window=7d`, /window must be given once/],
      [`${PATH}?foo=1`, /unknown parameter "foo".*window, as_of/],
      [`${PATH}?as_of=${today}`, new RegExp(`as_of ${today} is not in the past`)],
      [`${PATH}?as_of=2999-01-01`, /as_of 2999-01-01 is not in the past/],
      [`${PATH}?as_of=2026-02-30`, /as_of "2026-02-30" is not a date; expected YYYY-MM-DD/],
      [`${PATH}?as_of=yesterday`, /as_of "yesterday" is not a date/],
      [`${PATH}?as_of=${day(2)}&as_of=${day(3)}`, /as_of must be given once/],
      [`${HISTORY}?from=${day(2)}&to=${day(3)}`, /from .* is after to/],
      [`${HISTORY}?from=${day(401)}&to=${day(1)}`, /401 points; at most 400/],
      [`${HISTORY}?step=2d`, /step "2d".*"1d", "7d"/],
      [`${HISTORY}?window=365d`, /window "365d"/],
      [`${HISTORY}?as_of=${day(1)}`, /unknown parameter "as_of".*window, from, to, step/],
      [`${HISTORY}?to=${today}`, /to .* is not in the past/],
      [`${PATH}?app=`, /app must not be empty/],
      [`${PATH}?app=a&app=b`, /app must be given once/],
      [`${PATH}?app=${'x'.repeat(257)}`, /app is longer than 256/],
      [`${PATH}?app=%00`, /^Invalid request parameters: app /],
      [`${HISTORY}?app=`, /app must not be empty/],
    ];
    for (const [url, message] of cases) await expect400(await server.get(url), message);
  });

  it('asks for the read scope (a key sent is checked even where the rankings are public)', async () => {
    const ingestOnly = await server.createKey('acme', ['ingest']);
    for (const url of [PATH, HISTORY]) {
      assert.equal((await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${ingestOnly}` } })).status, 403);
      assert.equal((await fetch(`${server.url}${url}`, { headers: { authorization: 'Bearer ts_not-a-key' } })).status, 401);
    }
  });

  it('without a key: 401 unless the rankings are public (TASKSHARE_PUBLIC_RANKINGS)', async () => {
    for (const [publicRankings, status] of [
      ['false', 401],
      ['true', 200],
    ] as const) {
      const own = await startTestServer({ publicRankings });
      try {
        for (const url of [PATH, HISTORY]) assert.equal((await fetch(`${own.url}${url}`)).status, status, `${publicRankings} ${url}`);
        assert.equal((await fetch(`${own.url}/api/v1/classifications/task`)).status, 401, 'the contract endpoint always needs a key');
      } finally {
        await own.stop();
      }
    }
  });
});

/** RFC 4180 with CRLF line ends, as the server writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else f += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(f);
      f = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(f);
      rows.push(row);
      row = [];
      f = '';
      i++;
    } else f += ch;
  }
  return rows;
}
