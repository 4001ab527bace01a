/**
 * A flood of bad keys from one client address is throttled: past the configured failures per minute
 * that address gets 429 with Retry-After, before any key lookup; other addresses are served. Behind a
 * trusted proxy, X-Forwarded-For names the address; from anyone else it is ignored.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestServer } from './helpers/server.ts';

const PATH = '/api/v1/classifications/task';
const badKey = (i: number) => `Bearer tsk_${String(i).padStart(32, 'B')}`;

async function flood(url: string, n: number, headers: Record<string, string> = {}): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await fetch(`${url}${PATH}`, { headers: { authorization: badKey(i), ...headers } })).status);
  return statuses;
}

describe('failed-authentication throttle', () => {
  it('refuses an address with 429 past its failures; missing headers count nothing', async () => {
    const server = await startTestServer({ authFailuresPerMinute: 5 });
    try {
      for (let i = 0; i < 10; i++) assert.equal((await fetch(`${server.url}${PATH}`)).status, 401);
      assert.deepEqual(await flood(server.url, 8), [401, 401, 401, 401, 401, 429, 429, 429]);
      const refused = await fetch(`${server.url}${PATH}`, { headers: { authorization: badKey(99) } });
      assert.equal(refused.status, 429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
      assert.equal(refused.headers.get('content-type'), 'application/json');
      assert.deepEqual(((await refused.json()) as { error: { code: number } }).error.code, 429);
      // Until its minute ends, the address is refused any key this server has not seen valid (which
      // would need a store lookup)...
      assert.equal((await server.get(PATH)).status, 429);
    } finally {
      await server.stop();
    }
  });

  it('behind a trusted proxy, the forwarded address is the one throttled', async () => {
    const server = await startTestServer({ authFailuresPerMinute: 3, trustProxy: '127.0.0.1' });
    try {
      assert.deepEqual(await flood(server.url, 5, { 'x-forwarded-for': '203.0.113.7' }), [401, 401, 401, 429, 429]);
      assert.equal((await server.get(PATH, { 'x-forwarded-for': '203.0.113.8' })).status, 200);
      const fresh = await server.createKey('other', ['read']);
      assert.equal(
        (await fetch(`${server.url}${PATH}`, { headers: { authorization: `Bearer ${fresh}`, 'x-forwarded-for': '203.0.113.7' } })).status,
        429,
      );
      // ...but a key already seen valid costs no lookup and passes: a flood from an address shared
      // with real clients (a NAT, an office) does not lock them out.
      assert.equal((await server.get(PATH, { 'x-forwarded-for': '203.0.113.7' })).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('without a trusted proxy, X-Forwarded-For is ignored: a client cannot dodge the throttle', async () => {
    const server = await startTestServer({ authFailuresPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) {
        assert.equal(
          (await fetch(`${server.url}${PATH}`, { headers: { authorization: badKey(i), 'x-forwarded-for': `198.51.100.${i}` } })).status,
          401,
        );
      }
      assert.equal(
        (await fetch(`${server.url}${PATH}`, { headers: { authorization: badKey(9), 'x-forwarded-for': '198.51.100.200' } })).status,
        429,
      );
    } finally {
      await server.stop();
    }
  });
});
