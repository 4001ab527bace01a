import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AuthThrottle } from './throttle.ts';

it('refuses an address past its failures until its minute ends; other addresses are unaffected', () => {
  const t = new AuthThrottle({ failuresPerMinute: 3 });
  const start = 1_000_000;
  for (let i = 0; i < 3; i++) {
    assert.equal(t.retryAfterSeconds('10.0.0.1', start), 0);
    t.failed('10.0.0.1', start);
  }
  assert.equal(t.retryAfterSeconds('10.0.0.1', start + 1_000), 59);
  assert.equal(t.retryAfterSeconds('10.0.0.2', start + 1_000), 0);
  assert.equal(t.retryAfterSeconds('10.0.0.1', start + 60_000), 0, 'a new window');
  t.failed('10.0.0.1', start + 60_000);
  assert.equal(t.retryAfterSeconds('10.0.0.1', start + 60_001), 0, 'one failure in the new window');
});

it('keeps at most maxAddresses windows, dropping the least recently failed', () => {
  const t = new AuthThrottle({ failuresPerMinute: 1, maxAddresses: 2 });
  t.failed('a', 0);
  t.failed('b', 0);
  t.failed('c', 0);
  assert.equal(t.retryAfterSeconds('a', 1), 0);
  assert.equal(t.retryAfterSeconds('c', 1), 60);
});
