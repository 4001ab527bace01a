import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outsideWindow } from './outside-window.ts';

const now = Date.parse('2026-06-18T10:00:00Z'); // window: 2026-06-11 .. 2026-06-17

test('accepted events dated today (or tomorrow) and before the window are counted apart, with a reason', () => {
  const o = outsideWindow({ '2026-06-19': 1, '2026-06-18': 389, '2026-06-17': 5, '2026-06-11': 2, '2026-06-10': 3 }, now);
  assert.deepEqual(
    { ...o, reason: undefined },
    { count: 393, today: 390, older: 3, window: { from: '2026-06-11', to: '2026-06-17' }, reason: undefined },
  );
  assert.match(
    o.reason!,
    /^393 accepted events are outside the current window: 390 dated today \(UTC\) or later count from the next UTC day on/,
  );
  assert.match(o.reason!, /; 3 dated before 2026-06-11 are older than the 7-day window/);
});

test('nothing outside: count 0 and no reason', () => {
  assert.deepEqual(outsideWindow({ '2026-06-17': 5 }, now), {
    count: 0,
    today: 0,
    older: 0,
    window: { from: '2026-06-11', to: '2026-06-17' },
  });
  assert.deepEqual(outsideWindow({}, now).count, 0);
});
