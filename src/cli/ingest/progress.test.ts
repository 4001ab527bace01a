import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_WIDTH, type ProgressFields, progressLine } from './progress.ts';

const BIG: ProgressFields = {
  fraction: 0.42,
  read: '1.2 GiB',
  size: '3.4 GiB',
  events: '12,345,678',
  rate: '123,456',
  eta: '12 min 34 s',
  waiting: 'rate limited, retrying in 30 s',
};
const FIELDS = ['42%', '1.2 GiB / 3.4 GiB', '12,345,678 events', '123,456 ev/s', 'ETA 12 min 34 s', 'rate limited, retrying in 30 s'];

describe('progressLine', () => {
  it('fits the width with the largest values, leaving out whole fields, never a part of one', () => {
    // From the widest single field on: below that a terminal is too narrow to show anything whole.
    for (let width = 17; width <= MAX_WIDTH - 1; width++) {
      for (const fields of [BIG, { ...BIG, waiting: undefined }, { read: '1.2 GiB', events: '12,345,678', rate: '123,456' }]) {
        const line = progressLine(fields, width);
        assert.ok(line.length <= width, `${width}: ${line}`);
        const parts = line.replace(/^[\u2588\u2591]+ /, '').split(' | ');
        for (const part of parts) assert.ok(FIELDS.includes(part) || part === '1.2 GiB read', `${width}: "${part}" is a whole field`);
      }
    }
  });

  it('keeps the most useful fields: the percentage and the count, then why it waits, then the ETA', () => {
    assert.equal(progressLine(BIG, 79), '42% | 12,345,678 events | ETA 12 min 34 s | rate limited, retrying in 30 s');
    assert.equal(progressLine(BIG, 30), '42% | 12,345,678 events');
    assert.equal(progressLine(BIG, 12), '42%');
    assert.equal(progressLine({ read: '5 KiB', events: '10', rate: '3' }, 79), '5 KiB read | 10 events | 3 ev/s');
  });

  it('draws a bar in the room left, at most 30 wide, filled to the fraction', () => {
    const line = progressLine({ ...BIG, waiting: undefined }, 79);
    const bar = /^([\u2588]*)([\u2591]*) 42% \| /.exec(line);
    assert.ok(bar, line);
    const size = bar[1]!.length + bar[2]!.length;
    assert.ok(size >= 10 && size <= 30, line);
    assert.equal(bar[1]!.length, Math.round(0.42 * size));
    assert.equal(progressLine({ ...BIG, fraction: 1, waiting: undefined, eta: undefined }, 200).match(/\u2588/g)?.length, 30);
  });
});
