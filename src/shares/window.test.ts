import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secondsToUtcMidnight, trailingWindow, utcDay } from './window.ts';

describe('the trailing UTC window', () => {
  const now = Date.parse('2026-06-18T10:30:00Z');
  const w = trailingWindow(now);

  it('ends yesterday and spans 7 days inclusive', () => {
    assert.deepEqual(w, { asOf: '2026-06-17', from: '2026-06-11', to: '2026-06-17', days: 7 });
  });

  it('counts 23:59:59.999 of as_of, not 00:00 today', () => {
    const inside = (ms: number) => {
      const d = utcDay(ms);
      return d >= w.from && d <= w.to;
    };
    assert.equal(inside(Date.parse('2026-06-17T23:59:59.999Z')), true);
    assert.equal(inside(Date.parse('2026-06-18T00:00:00.000Z')), false);
    assert.equal(inside(Date.parse('2026-06-11T00:00:00.000Z')), true); // 6 days before as_of
    assert.equal(inside(Date.parse('2026-06-10T23:59:59.999Z')), false); // 7 days before as_of
  });

  it('moves at UTC midnight exactly', () => {
    assert.equal(trailingWindow(Date.parse('2026-06-18T23:59:59.999Z')).asOf, '2026-06-17');
    assert.equal(trailingWindow(Date.parse('2026-06-19T00:00:00.000Z')).asOf, '2026-06-18');
    assert.equal(trailingWindow(Date.parse('2026-03-01T00:00:00Z')).from, '2026-02-22');
    assert.equal(secondsToUtcMidnight(now), 13.5 * 3600);
  });
});
