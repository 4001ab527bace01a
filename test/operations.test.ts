/**
 * What operators rely on: health and readiness, metrics, request ids, one log line per request.
 */
// test-needs: redis
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

describe('health, readiness, metrics, request ids', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ redisUrl: 'redis://127.0.0.1:6379', rateLimitPerMinute: 2 });
  });
  after(() => server.stop());

  it('/healthz and /readyz answer without a key and count against no limit', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/healthz`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), null);
    }
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { store: 'ok', redis: 'ok' } });
  });

  it('/metrics is Prometheus text with requests, refusals and events', async () => {
    const key = await server.createKey('m', ['ingest']);
    await postEvents(server.url, key, [taggedEvent('m1'), taggedEvent('m1'), '{bad']);
    for (let i = 0; i < 3; i++) await server.get('/api/v1/classifications/task');
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    assert.match(text, /taskshare_http_requests_total\{route="\/api\/v1\/classifications\/task",method="GET",status="200"\} 2/);
    assert.match(text, /taskshare_http_requests_total\{route="\/api\/v1\/classifications\/task",method="GET",status="429"\} 1/);
    assert.match(text, /# TYPE taskshare_http_request_duration_seconds histogram/);
    assert.match(
      text,
      /taskshare_http_request_duration_seconds_bucket\{route="\/api\/v1\/classifications\/task",method="GET",le="\+Inf"\} 3/,
    );
    assert.match(text, /taskshare_http_request_duration_seconds_count\{route="\/api\/v1\/classifications\/task",method="GET"\} 3/);
    assert.match(text, /taskshare_http_request_duration_seconds_sum\{route="\/api\/v1\/classifications\/task",method="GET"\} [0-9.e-]+\n/);
    assert.match(text, /taskshare_rate_limit_refusals_total 1/);
    assert.match(text, /taskshare_events_total\{outcome="accepted"\} 1/);
    assert.match(text, /taskshare_events_total\{outcome="duplicate"\} 1/);
    assert.match(text, /taskshare_events_total\{outcome="rejected"\} 1/);
    assert.match(text, /taskshare_classifications_total\{tag="math",path="upstream"\} 2/);
    assert.match(text, /taskshare_snapshot_compute_seconds_count \d/);
    assert.match(text, /\nprocess_resident_memory_bytes \d+/);
    assert.match(text, /\nnodejs_eventloop_lag_seconds /);
    assert.match(text, /\ntaskshare_build_info\{version="\d+\.\d+\.\d+[^"]*",node="[\d.]+"\} 1\n/);
    assert.ok(
      Number(/\ntaskshare_last_ingest_timestamp_seconds (\S+)/.exec(text)?.[1]) * 1000 > Date.now() - 600_000,
      'the last accepted event is recent',
    );
    // The embedded DuckDB reports what it holds; a live store holds something.
    const storeBytes = Number(/\ntaskshare_store_memory_bytes (\d+)/.exec(text)?.[1]);
    assert.ok(storeBytes > 0, 'store memory gauge');
  });

  it('honours an incoming X-Request-Id, makes one otherwise, and logs one line per request', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`, { headers: { 'x-request-id': 'gateway-abc-123' } });
    assert.equal(res.headers.get('x-request-id'), 'gateway-abc-123');
    const made = (await fetch(`${server.url}/nope`)).headers.get('x-request-id');
    assert.match(made ?? '', /^[0-9a-f-]{36}$/);
    const bad = (await fetch(`${server.url}/api/v1/openapi.json`, { headers: { 'x-request-id': 'has spaces and "quotes"' } })).headers.get(
      'x-request-id',
    );
    assert.notEqual(bad, 'has spaces and "quotes"');
    const lines = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reqId === 'gateway-abc-123');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.status, 200);
  });
});

describe('probes and /metrics access', () => {
  it('logs health and metrics probes at debug, not info; their failures still at info', async () => {
    for (const logLevel of ['info', 'debug'] as const) {
      const server = await startTestServer({ logLevel });
      try {
        for (const path of ['/healthz', '/readyz', '/metrics']) assert.equal((await fetch(`${server.url}${path}`)).status, 200);
        assert.equal((await fetch(`${server.url}/metrics`, { method: 'POST' })).status, 405);
        const probes = server.logs
          .map((l) => JSON.parse(l) as { route?: string; status?: number; level: number })
          .filter((l) => ['/healthz', '/readyz', '/metrics'].includes(l.route ?? ''));
        assert.deepEqual(
          probes.filter((l) => l.status === 200).map((l) => l.route),
          logLevel === 'debug' ? ['/healthz', '/readyz', '/metrics'] : [],
        );
        assert.equal(probes.filter((l) => l.status === 405).length, 1, 'a refused probe is logged at info');
      } finally {
        await server.stop();
      }
    }
  });

  it('behind a trusted proxy /metrics needs an admin key even from loopback', async () => {
    const server = await startTestServer({ trustProxy: '127.0.0.1' });
    try {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
      assert.equal((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.adminKey}` } })).status, 200);
    } finally {
      await server.stop();
    }
  });
});

describe('readiness when a part fails', () => {
  it('names the store when it does not answer', async () => {
    const server = await startTestServer();
    try {
      await server.store.close();
      const res = await fetch(`${server.url}/readyz`);
      assert.equal(res.status, 503);
      const scrape = await fetch(`${server.url}/metrics`);
      assert.equal(scrape.status, 200, 'a failing store does not fail the scrape');
      assert.match(await scrape.text(), /\ntaskshare_store_memory_bytes Nan\n/);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /store/);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('metrics need an admin key when access is "key"', async () => {
    const server = await startTestServer({ metricsAccess: 'key' });
    try {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
      assert.equal((await server.get('/metrics')).status, 403);
      assert.equal((await server.get('/metrics', { authorization: `Bearer ${server.adminKey}` })).status, 200);
    } finally {
      await server.stop();
    }
  });
});
