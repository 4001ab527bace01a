/**
 * taskshare's read API over a real (in-memory DuckDB) store: previous and change_pp on a hand-computed
 * fixture, the window edges of every length, and each history point equal to the snapshot for its day.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wilson, zFor } from '../shares/interval.ts';
import { WINDOW_LENGTHS } from '../shares/taskshare.ts';
import { addDays } from '../shares/window.ts';
import { event } from '../store/contract.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { StoredEvent } from '../store/interface.ts';
import { SnapshotService } from './snapshot.ts';
import { TaskshareService } from './taskshare.ts';

const A = '2026-06-17';
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12;

async function withStore(events: StoredEvent[], body: (s: TaskshareService, store: DuckDbStore) => Promise<void>): Promise<void> {
  const store = await DuckDbStore.open({ dataDir: ':memory:' });
  try {
    await store.insertEvents(events);
    await body(new TaskshareService({ store, topModels: 5, sampleRate: 0.25 }), store);
  } finally {
    await store.close();
  }
}

describe('previous and change_pp', () => {
  it('match the hand-computed shares of the window just before', async () => {
    // Current (06-11..06-17): debugging 3 req / 360 tok, math 2 / 240, translation 1 / 600.
    // Previous (06-04..06-10): debugging 1 / 120, math 1 / 120. 06-03 and 06-18 count in neither.
    const events = [
      event('c1', { day: A, tag: 'code:debugging' }),
      event('c2', { day: '2026-06-11', tag: 'code:debugging' }),
      event('c3', { day: '2026-06-12', tag: 'code:debugging' }),
      event('m1', { day: A, tag: 'math' }),
      event('m2', { day: '2026-06-15', tag: 'math' }),
      event('t1', { day: '2026-06-16', tag: 'translation', promptTokens: 500, completionTokens: 100 }),
      event('p1', { day: '2026-06-10', tag: 'code:debugging' }),
      event('p2', { day: '2026-06-04', tag: 'math' }),
      event('x1', { day: '2026-06-03', tag: 'translation' }),
      event('x2', { day: '2026-06-18', tag: 'translation' }),
    ];
    await withStore(events, async (s) => {
      const { data } = await s.classifications(A, 7);
      assert.deepEqual([data.from, data.to, data.as_of, data.window_days, data.sample_rate], ['2026-06-11', A, A, 7, 0.25]);
      assert.deepEqual(data.previous_window, { from: '2026-06-04', to: '2026-06-10' });
      const got = data.classifications.map((c) => [
        c.tag,
        c.usage_share,
        c.token_share,
        c.previous.usage_share,
        c.previous.token_share,
        c.change_pp.usage,
        c.change_pp.token,
      ]);
      const want = [
        ['code:debugging', 0.5, 0.3, 0.5, 0.5, 0, -20],
        ['math', 1 / 3, 0.2, 0.5, 0.5, -50 / 3, -30],
        ['translation', 1 / 6, 0.5, 0, 0, 50 / 3, 50],
      ];
      assert.equal(got.length, want.length);
      // Sampled at 0.25: Wilson over the 6 classified requests with the finite-population correction.
      for (const c of data.classifications) {
        assert.deepEqual(c.usage_share_interval, wilson(Math.round(c.usage_share * 6), 6, zFor(0.95), 0.25));
        assert.ok(c.usage_share_interval[0] < c.usage_share && c.usage_share < c.usage_share_interval[1]);
      }
      assert.equal(data.confidence_level, 0.95);
      got.forEach((row, i) => {
        assert.equal(row[0], want[i]![0]);
        for (let k = 1; k < row.length; k++)
          assert.ok(near(row[k] as number, want[i]![k] as number), `${row[0]} field ${k}: ${row[k]} vs ${want[i]![k]}`);
      });
    });
  });
});

describe('window edges', () => {
  for (const [name, d] of Object.entries(WINDOW_LENGTHS)) {
    it(`${name}: the first and last day count, the days either side do not`, async () => {
      const from = addDays(A, -(d - 1));
      const events = [
        event('in-first', { day: from, tag: 'math' }),
        event('in-last', { day: A, tag: 'math' }),
        event('after', { day: addDays(A, 1), tag: 'translation' }),
        // The previous window: its last and first day, then the day before it (in neither window).
        event('prev-last', { day: addDays(from, -1), tag: 'translation' }),
        event('prev-first', { day: addDays(from, -d), tag: 'code:debugging' }),
        ...[1, 2, 3, 4, 5].map((i) => event(`before-${i}`, { day: addDays(from, -d - 1), tag: 'translation' })),
      ];
      await withStore(events, async (s) => {
        const { data } = await s.classifications(A, d);
        assert.deepEqual([data.from, data.to, data.window_days], [from, A, d]);
        assert.deepEqual(data.previous_window, { from: addDays(from, -d), to: addDays(from, -1) });
        assert.deepEqual(
          data.classifications.map((c) => [c.tag, c.usage_share, c.previous.usage_share, c.change_pp.usage]),
          [['math', 1, 0, 100]],
        );
        const before = await s.classifications(addDays(from, -1), d);
        assert.deepEqual(
          before.data.classifications.map((c) => [c.tag, c.usage_share]),
          [
            ['code:debugging', 0.5],
            ['translation', 0.5],
          ],
        );
      });
    });
  }
});

describe('history', () => {
  // 130 days of uneven traffic over four tags and three models.
  const tags = ['code:debugging', 'math', 'translation', 'roleplay'];
  const events: StoredEvent[] = [];
  for (let day = 0; day < 130; day++) {
    for (let i = 0; i < ((day * 7) % 5) + 1; i++) {
      events.push(
        event(`h-${day}-${i}`, {
          day: addDays(A, -day),
          tag: tags[(day + i * 3) % 4]!,
          model: `m/${(day + i) % 3}`,
          promptTokens: (day * 31 + i * 17) % 400,
          completionTokens: i,
        }),
      );
    }
  }

  it('every point of every window and step equals the shares computed for its as_of', async () => {
    await withStore(events, async (s) => {
      for (const [name, d] of Object.entries(WINDOW_LENGTHS)) {
        for (const step of [1, 7]) {
          const { data } = await s.history(addDays(A, -30), A, step, d);
          assert.equal(data.points.at(-1)!.as_of, A);
          assert.equal(data.points.length, Math.floor(30 / step) + 1);
          for (const p of data.points) {
            const direct = (await s.classifications(p.as_of, d)).data;
            assert.equal(p.from, direct.from, `${name} ${p.as_of}`);
            assert.deepEqual(
              p.classifications,
              direct.classifications.map((c) => ({
                tag: c.tag,
                macro_category: c.macro_category,
                usage_share: c.usage_share,
                token_share: c.token_share,
              })),
            );
            assert.deepEqual(
              p.macro_categories,
              direct.macro_categories.map((m) => ({ key: m.key, usage_share: m.usage_share, token_share: m.token_share })),
            );
          }
        }
      }
    });
  });

  it('7-day points equal the served snapshot of that day', async () => {
    await withStore(events, async (s, store) => {
      const { data } = await s.history(addDays(A, -20), A, 1, 7);
      for (const p of data.points) {
        const snapshot = new SnapshotService({ store, topModels: 5, now: () => Date.parse(`${addDays(p.as_of, 1)}T12:00:00Z`) });
        const snap = (await snapshot.current()).response.data;
        assert.equal(snap.as_of, p.as_of);
        assert.deepEqual(
          p.classifications.map((c) => [c.tag, c.usage_share, c.token_share]),
          snap.classifications.map((c) => [c.tag, c.usage_share, c.token_share]),
        );
        assert.deepEqual(
          p.macro_categories.map((m) => [m.key, m.usage_share, m.token_share]),
          snap.macro_categories.map((m) => [m.key, m.usage_share, m.token_share]),
        );
      }
    });
  });
});
