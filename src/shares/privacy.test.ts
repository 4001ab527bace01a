import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TAG_IDS } from '../taxonomy/index.ts';
import { computeShares } from './compute.ts';
import { foldBelowMinUsers } from './privacy.ts';
import { spendShares } from './taskshare.ts';
import type { RollupRow } from './types.ts';

const row = (tag: string, model: string | null, requests: number, cost = 0): RollupRow => ({
  tag,
  model,
  requests,
  tokens: requests * 10,
  tokenSquares: requests * 100,
  cost,
  costRequests: cost > 0 ? requests : 0,
});
const users = (models: Record<string, number>, tags: Record<string, number>) => ({
  byModel: new Map(Object.entries(models).map(([k, v]) => [k.replace('/', '\u0000'), v] as [string, number])),
  byTag: new Map(Object.entries(tags)),
});

describe('the privacy threshold', () => {
  it('folds a model below it into its tag, and a tag below it into other', () => {
    const rows = [row('math', 'a', 5), row('math', 'b', 3), row('math', null, 1), row('translation', 'a', 2)];
    // Keys are tag/model here; the real key separates them with U+0000.
    const fold = foldBelowMinUsers(rows, users({ 'math/a': 3, 'math/b': 1, 'translation/a': 1 }, { math: 4, translation: 1 }), 2);
    assert.deepEqual([fold.modelsFolded, fold.tagsFolded], [1, 1]);
    const shares = computeShares(fold.rows, { asOf: '2026-06-17', windowDays: 7, topModels: 5 }).data;
    // translation is out of every denominator; math keeps all 9 requests, b's 3 among the unlisted.
    assert.deepEqual(
      shares.classifications.map((c) => [c.tag, c.usage_share, c.models.map((m) => [m.id, m.tag_usage_share])]),
      [['math', 1, [['a', 5 / 9]]]],
    );
    assert.equal(fold.rows.find((r) => r.tag === 'other')!.requests, 2);
  });

  it('properties: requests are kept; listed models each have enough users; model shares sum to at most 1', () => {
    const tags = TAG_IDS.slice(0, 5);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tag: fc.constantFrom(...tags),
            model: fc.constantFrom('a', 'b', 'c', null),
            requests: fc.integer({ min: 1, max: 50 }),
          }),
        ),
        fc.dictionary(fc.constantFrom(...tags.flatMap((t) => ['a', 'b', 'c'].map((m) => `${t}/${m}`))), fc.integer({ min: 0, max: 5 })),
        fc.dictionary(fc.constantFrom(...tags), fc.integer({ min: 0, max: 5 })),
        fc.integer({ min: 1, max: 4 }),
        (cells, modelUsers, tagUsers, min) => {
          const rows = cells.map((c) => row(c.tag, c.model, c.requests));
          const u = users(modelUsers, tagUsers);
          const fold = foldBelowMinUsers(rows, u, min);
          const sum = (rs: RollupRow[]) => rs.reduce((a, r) => a + r.requests, 0);
          assert.equal(sum(fold.rows), sum(rows));
          for (const r of fold.rows) {
            if (r.tag === 'other') continue;
            assert.ok((u.byTag.get(r.tag) ?? 0) >= min);
            if (r.model !== null) assert.ok((u.byModel.get(`${r.tag}\u0000${r.model}`) ?? 0) >= min);
          }
          for (const c of computeShares(fold.rows, { asOf: '2026-06-17', windowDays: 7, topModels: 5 }).data.classifications) {
            assert.ok(c.models.reduce((a, m) => a + m.tag_usage_share, 0) <= 1 + 1e-9);
          }
        },
      ),
    );
  });
});

describe('spend shares', () => {
  it("a tag's part of the cost, a model's part of its tag's; none without cost data", () => {
    const spend = spendShares([row('math', 'a', 1, 3), row('math', null, 1, 1), row('translation', 'a', 2, 4), row('other', 'a', 1, 100)])!;
    assert.deepEqual(
      [...spend.byTag],
      [
        ['math', 0.5],
        ['translation', 0.5],
      ],
    );
    assert.equal(spend.byModel.get('math\u0000a'), 0.75);
    assert.equal(spendShares([row('math', 'a', 1)]), undefined);
  });
});
