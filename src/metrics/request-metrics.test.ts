import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { RequestMetrics } from './request-metrics.ts';

test('request counts and a cumulative latency histogram, in Prometheus text', async () => {
  const registry = new Registry();
  const m = new RequestMetrics([0.001, 0.01]);
  m.register(registry, { name: 'req_total', help: 'requests' }, { name: 'req_seconds', help: 'latency' });
  m.record('/a', 'GET', 200, 0.001); // on a bound: counts in that bucket (le means <=)
  m.record('/a', 'GET', 200, 0.005);
  m.record('/a', 'GET', 404, 0.5);
  m.record('/b', 'POST', 200, 0.0001);
  const text = await registry.metrics();
  const lines = text.split('\n');
  for (const line of [
    '# TYPE req_total counter',
    'req_total{route="/a",method="GET",status="200"} 2',
    'req_total{route="/a",method="GET",status="404"} 1',
    'req_total{route="/b",method="POST",status="200"} 1',
    '# TYPE req_seconds histogram',
    'req_seconds_bucket{route="/a",method="GET",le="0.001"} 1',
    'req_seconds_bucket{route="/a",method="GET",le="0.01"} 2',
    'req_seconds_bucket{route="/a",method="GET",le="+Inf"} 3',
    'req_seconds_sum{route="/a",method="GET"} 0.506',
    'req_seconds_count{route="/a",method="GET"} 3',
    'req_seconds_count{route="/b",method="POST"} 1',
  ])
    assert.ok(lines.includes(line), `missing ${line}\n${text}`);

  registry.resetMetrics();
  assert.ok(!(await registry.metrics()).includes('req_total{'), 'reset clears the series');
});
