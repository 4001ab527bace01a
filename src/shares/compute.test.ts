import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TAG_IDS } from '../taxonomy/index.ts';
import { computeShares } from './compute.ts';
import type { RollupRow } from './types.ts';

const opts = { asOf: '2026-06-17', windowDays: 7, topModels: 2 };

describe('computeShares on a hand-computed fixture', () => {
  // code:debugging 60 req / 600 tok, code:general_impl 20 / 1400, math 20 / 0; `other` 100 / 9999 is ignored.
  const rows: RollupRow[] = [
    { tag: 'code:debugging', model: 'm/a', requests: 30, tokens: 300 },
    { tag: 'code:debugging', model: 'm/b', requests: 20, tokens: 100 },
    { tag: 'code:debugging', model: 'm/c', requests: 6, tokens: 150 },
    { tag: 'code:debugging', model: null, requests: 4, tokens: 50 },
    { tag: 'code:general_impl', model: 'm/b', requests: 20, tokens: 1400 },
    { tag: 'math', model: 'm/a', requests: 20, tokens: 0 },
    { tag: 'other', model: 'm/a', requests: 100, tokens: 9999 },
  ];
  const { data } = computeShares(rows, opts);

  it('lists tags by usage share with shares over classified requests only', () => {
    assert.deepEqual(
      data.classifications.map((c) => [c.tag, c.usage_share, c.token_share]),
      [
        ['code:debugging', 0.6, 0.3],
        ['code:general_impl', 0.2, 0.7],
        ['math', 0.2, 0],
      ],
    );
    assert.equal(data.classifications[0]!.display_name, 'Debugging');
    assert.equal(data.as_of, '2026-06-17');
    assert.equal(data.window_days, 7);
  });

  it('computes shares within the macro category', () => {
    const debugging = data.classifications[0]!;
    assert.equal(debugging.macro_category, 'code');
    assert.equal(debugging.category_usage_share, 60 / 80);
    assert.equal(debugging.category_token_share, 600 / 2000);
    const math = data.classifications[2]!;
    assert.deepEqual([math.macro_category, math.category_usage_share, math.category_token_share], ['general', 1, 0]);
  });

  it('keeps the top N models, over a denominator that holds the rest and the unattributed', () => {
    assert.deepEqual(data.classifications[0]!.models, [
      { id: 'm/a', tag_usage_share: 0.5, tag_token_share: 0.5 },
      { id: 'm/b', tag_usage_share: 20 / 60, tag_token_share: 100 / 600 },
    ]);
  });

  it('sums macro categories from their tags, sorted by usage', () => {
    assert.deepEqual(data.macro_categories, [
      { key: 'code', label: 'Code', usage_share: 0.8, token_share: 1 },
      { key: 'general', label: 'General', usage_share: 0.2, token_share: 0 },
    ]);
  });

  it('breaks ties by tag, and returns empty arrays for no data', () => {
    const tie = computeShares(
      [
        { tag: 'math', model: null, requests: 5, tokens: 5 },
        { tag: 'code:debugging', model: null, requests: 5, tokens: 5 },
      ],
      opts,
    );
    assert.deepEqual(
      tie.data.classifications.map((c) => c.tag),
      ['code:debugging', 'math'],
    );
    assert.deepEqual(tie.data.classifications[0]!.models, []);
    assert.deepEqual(computeShares([], opts).data, { as_of: '2026-06-17', window_days: 7, classifications: [], macro_categories: [] });
    assert.deepEqual(computeShares([{ tag: 'other', model: 'x', requests: 9, tokens: 9 }], opts).data.classifications, []);
  });
});

const rowArb = fc.record({
  tag: fc.constantFrom(...TAG_IDS, 'other'),
  model: fc.option(fc.constantFrom('a/1', 'b/2', 'c/3', 'd/4', 'e/5', 'f/6'), { nil: null }),
  requests: fc.integer({ min: 0, max: 1_000_000 }),
  tokens: fc.integer({ min: 0, max: 1_000_000_000 }),
});
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9;

describe('computeShares properties', () => {
  it('every share is in [0, 1]; shares sum to 1 overall and within each category', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), (rows, topModels) => {
        const { data } = computeShares(rows, { ...opts, topModels });
        const c = data.classifications;
        const shares = c.flatMap((x) => [
          x.usage_share,
          x.token_share,
          x.category_usage_share,
          x.category_token_share,
          ...x.models.flatMap((m) => [m.tag_usage_share, m.tag_token_share]),
        ]);
        assert.ok(shares.every((s) => s >= 0 && s <= 1));
        if (c.length === 0) return;
        assert.ok(
          near(
            c.reduce((a, x) => a + x.usage_share, 0),
            1,
          ),
        );
        const anyTokens = c.some((x) => x.token_share > 0);
        if (anyTokens)
          assert.ok(
            near(
              c.reduce((a, x) => a + x.token_share, 0),
              1,
            ),
          );
        assert.ok(
          near(
            data.macro_categories.reduce((a, m) => a + m.usage_share, 0),
            1,
          ),
        );
        for (const m of data.macro_categories) {
          const inCat = c.filter((x) => x.macro_category === m.key);
          assert.ok(
            near(
              inCat.reduce((a, x) => a + x.category_usage_share, 0),
              1,
            ),
          );
          assert.ok(
            near(
              inCat.reduce((a, x) => a + x.usage_share, 0),
              m.usage_share,
            ),
          );
        }
      }),
    );
  });

  it('orders tags and models descending, never lists `other`, caps models at N with sums at most 1', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), (rows, topModels) => {
        const { data } = computeShares(rows, { ...opts, topModels });
        const c = data.classifications;
        assert.ok(c.every((x) => x.tag !== 'other'));
        assert.equal(new Set(c.map((x) => x.tag)).size, c.length);
        for (let i = 1; i < c.length; i++) assert.ok(c[i - 1]!.usage_share >= c[i]!.usage_share);
        for (let i = 1; i < data.macro_categories.length; i++)
          assert.ok(data.macro_categories[i - 1]!.usage_share >= data.macro_categories[i]!.usage_share);
        for (const x of c) {
          assert.ok(x.models.length <= topModels);
          for (let i = 1; i < x.models.length; i++) assert.ok(x.models[i - 1]!.tag_usage_share >= x.models[i]!.tag_usage_share);
          assert.ok(x.models.reduce((a, m) => a + m.tag_usage_share, 0) <= 1 + 1e-9);
          assert.ok(x.models.reduce((a, m) => a + m.tag_token_share, 0) <= 1 + 1e-9);
        }
      }),
    );
  });

  it('adding `other` traffic changes nothing', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 100 }), fc.integer({ min: 1, max: 1e6 }), (rows, n) => {
        const base = computeShares(rows, opts);
        const more = computeShares([...rows, { tag: 'other', model: 'a/1', requests: n, tokens: n }], opts);
        assert.deepEqual(more, base);
      }),
    );
  });
});
