/**
 * The two per-request HTTP metrics (count by route, method and status; latency by route and method),
 * kept as plain numbers and shaped for Prometheus only when scraped. prom-client's labelled metrics
 * validate and hash their labels on every call; on the busiest endpoint that measured about 8% of the
 * throughput. Registered in the same prom-client registry, so /metrics is one exposition.
 */
import type { Registry } from 'prom-client';

interface Latency {
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

interface Value {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** The shape prom-client's registry reads from a metric when it renders /metrics. */
interface Collector {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Value[] }>;
  reset(): void;
}

export class RequestMetrics {
  /** route -> method -> status -> count */
  private readonly counts = new Map<string, Map<string, Map<number, number>>>();
  /** route -> method -> latency */
  private readonly latency = new Map<string, Map<string, Latency>>();

  constructor(private readonly bounds: readonly number[]) {}

  record(route: string, method: string, status: number, seconds: number): void {
    let byMethod = this.counts.get(route);
    if (!byMethod) this.counts.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);

    let latencies = this.latency.get(route);
    if (!latencies) this.latency.set(route, (latencies = new Map()));
    let l = latencies.get(method);
    if (!l) latencies.set(method, (l = { buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 }));
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    l.buckets[i]! += 1;
    l.sum += seconds;
    l.count += 1;
  }

  /** Adds the counter and the histogram to `registry`. */
  register(registry: Registry, counter: { name: string; help: string }, histogram: { name: string; help: string }): void {
    const add = (c: Collector) => registry.registerMetric(c as unknown as Parameters<Registry['registerMetric']>[0]);
    add(this.collector(counter, 'counter', () => this.countValues()));
    add(this.collector(histogram, 'histogram', () => this.latencyValues(histogram.name)));
  }

  private collector(meta: { name: string; help: string }, type: Collector['type'], values: () => Value[]): Collector {
    return {
      ...meta,
      type,
      aggregator: 'sum',
      get: async () => ({ ...meta, type, aggregator: 'sum', values: values() }),
      reset: () => (type === 'counter' ? this.counts : this.latency).clear(),
    };
  }

  private countValues(): Value[] {
    const out: Value[] = [];
    for (const [route, byMethod] of this.counts) {
      for (const [method, byStatus] of byMethod) {
        for (const [status, value] of byStatus) out.push({ labels: { route, method, status: String(status) }, value });
      }
    }
    return out;
  }

  private latencyValues(name: string): Value[] {
    const out: Value[] = [];
    for (const [route, byMethod] of this.latency) {
      for (const [method, l] of byMethod) {
        let cumulative = 0;
        for (let i = 0; i <= this.bounds.length; i++) {
          cumulative += l.buckets[i]!;
          out.push({
            labels: { route, method, le: i < this.bounds.length ? this.bounds[i]! : '+Inf' },
            value: cumulative,
            metricName: `${name}_bucket`,
          });
        }
        out.push({ labels: { route, method }, value: l.sum, metricName: `${name}_sum` });
        out.push({ labels: { route, method }, value: l.count, metricName: `${name}_count` });
      }
    }
    return out;
  }
}
