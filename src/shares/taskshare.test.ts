import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TAG_IDS } from '../taxonomy/index.ts';
import { computeShares } from './compute.ts';
import { historyEnds, historyPointCount, shareHistory, windowSpans, withPrevious } from './taskshare.ts';
import { addDays } from './window.ts';

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9;

describe('window spans and history ends', () => {
  it('spans the days ending at as_of and the same length just before', () => {
    assert.deepEqual(windowSpans('2026-03-01', 7), {
      current: { from: '2026-02-23', to: '2026-03-01' },
      previous: { from: '2026-02-16', to: '2026-02-22' },
    });
    assert.deepEqual(windowSpans('2026-06-17', 1), {
      current: { from: '2026-06-17', to: '2026-06-17' },
      previous: { from: '2026-06-16', to: '2026-06-16' },
    });
  });

  it('ends at `to`, steps back, never before `from`; the count matches the list', () => {
    assert.deepEqual(historyEnds('2026-06-01', '2026-06-17', 7), ['2026-06-03', '2026-06-10', '2026-06-17']);
    assert.deepEqual(historyEnds('2026-06-17', '2026-06-17', 1), ['2026-06-17']);
    assert.equal(historyPointCount('2026-06-18', '2026-06-17', 1), 0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 900 }), fc.constantFrom(1, 7), (a, b, step) => {
        const from = addDays('2025-01-01', a);
        const to = addDays('2025-01-01', b);
        const ends = from <= to ? historyEnds(from, to, step) : [];
        assert.equal(historyPointCount(from, to, step), ends.length);
      }),
    );
  });
});

const rowArb = fc.record({
  day: fc.integer({ min: 0, max: 40 }).map((n) => addDays('2026-05-01', n)),
  tag: fc.constantFrom(...TAG_IDS.slice(0, 8), 'other'),
  requests: fc.integer({ min: 0, max: 1_000_000 }),
  tokens: fc.integer({ min: 0, max: 1_000_000_000 }),
});

describe('properties', () => {
  it('history points: shares in [0, 1], summing to 1 over tags and over macro categories', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 150 }), fc.constantFrom(1, 7, 28), (rows, days) => {
        for (const p of shareHistory(rows, historyEnds('2026-05-10', '2026-06-10', 3), days)) {
          const all = [...p.classifications, ...p.macro_categories].flatMap((x) => [x.usage_share, x.token_share]);
          assert.ok(all.every((s) => s >= 0 && s <= 1));
          if (p.classifications.length === 0) continue;
          assert.ok(
            near(
              p.classifications.reduce((a, c) => a + c.usage_share, 0),
              1,
            ),
          );
          assert.ok(
            near(
              p.macro_categories.reduce((a, c) => a + c.usage_share, 0),
              1,
            ),
          );
          if (p.classifications.some((c) => c.token_share > 0))
            assert.ok(
              near(
                p.classifications.reduce((a, c) => a + c.token_share, 0),
                1,
              ),
            );
        }
      }),
    );
  });

  it("history points equal computeShares over each window's rows, whatever days the rows span", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 120 }), fc.constantFrom(1, 7, 28), fc.constantFrom(1, 7), (rows, days, step) => {
        const ends = historyEnds('2026-05-12', '2026-06-01', step);
        for (const p of shareHistory(rows, ends, days)) {
          const inWindow = rows
            .filter((r) => r.day >= p.from && r.day <= p.to)
            .map((r) => ({ tag: r.tag, model: null, requests: r.requests, tokens: r.tokens }));
          const want = computeShares(inWindow, { asOf: p.as_of, windowDays: days, topModels: 0 }).data;
          assert.deepEqual(
            p.classifications.map((c) => [c.tag, c.usage_share]),
            want.classifications.map((c) => [c.tag, c.usage_share]),
          );
          assert.deepEqual(
            p.macro_categories.map((m) => [m.key, m.usage_share]),
            want.macro_categories.map((m) => [m.key, m.usage_share]),
          );
        }
      }),
    );
  });

  it('change_pp is 100 x (share - previous share), within [-100, 100]', () => {
    const tagRow = fc.record({
      tag: fc.constantFrom(...TAG_IDS.slice(0, 6)),
      model: fc.constant(null),
      requests: fc.integer({ min: 0, max: 1000 }),
      tokens: fc.integer({ min: 0, max: 1e6 }),
    });
    fc.assert(
      fc.property(fc.array(tagRow, { maxLength: 30 }), fc.array(tagRow, { maxLength: 30 }), (cur, prev) => {
        const o = { asOf: '2026-06-17', windowDays: 7, topModels: 3 };
        const spans = windowSpans('2026-06-17', 7);
        const now = computeShares(cur, o);
        const out = withPrevious(now, computeShares(prev, o), { spans, sampleRate: 1, confidenceLevel: 0.95, intervals: new Map() });
        assert.equal(out.data.classifications.length, now.data.classifications.length);
        for (const c of out.data.classifications) {
          assert.ok(c.previous.usage_share >= 0 && c.previous.usage_share <= 1);
          assert.ok(near(c.change_pp.usage, (c.usage_share - c.previous.usage_share) * 100));
          assert.ok(near(c.change_pp.token, (c.token_share - c.previous.token_share) * 100));
          assert.ok(Math.abs(c.change_pp.usage) <= 100 && Math.abs(c.change_pp.token) <= 100);
        }
      }),
    );
  });
});
