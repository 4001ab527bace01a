/**
 * Prometheus metrics (prom-client), one registry per server. Services receive the narrow recorder
 * interfaces below, so they do not depend on prom-client.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { VERSION } from '../version.ts';
import { RequestMetrics } from './request-metrics.ts';

/** What the ingestion pipeline reports. */
export interface IngestRecorder {
  events(outcome: 'accepted' | 'duplicate' | 'rejected' | 'sampled_out', count: number): void;
  classified(tag: string, path: string): void;
  storeWrite(seconds: number): void;
}

export class Metrics implements IngestRecorder {
  readonly registry = new Registry();
  private readonly requests = new RequestMetrics([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]);
  private readonly refusals = new Counter({
    name: 'taskshare_rate_limit_refusals_total',
    help: 'Requests refused with 429',
    registers: [this.registry],
  });
  private readonly eventCounts = new Counter({
    name: 'taskshare_events_total',
    help: 'Ingested events by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly classifications = new Counter({
    name: 'taskshare_classifications_total',
    help: 'Classifier outcomes by tag and path (builtin, llm, fallback)',
    labelNames: ['tag', 'path'],
    registers: [this.registry],
  });
  private readonly limiterFallback = new Gauge({
    name: 'taskshare_rate_limit_fallback',
    help: '1 while Redis does not answer and this server counts rate limits in its own memory, else 0',
    registers: [this.registry],
  });
  private readonly integrationCounts = new Counter({
    name: 'taskshare_integration_records_total',
    help: 'Integration records counted but not ingested: failed LLM calls, skipped records (non-generation calls, non-GenAI spans)',
    labelNames: ['integration', 'outcome'],
    registers: [this.registry],
  });
  private readonly storeWrites = new Histogram({
    name: 'taskshare_store_write_seconds',
    help: 'Time to commit one ingest batch',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });
  private readonly snapshots = new Histogram({
    name: 'taskshare_snapshot_compute_seconds',
    help: 'Time to compute a snapshot from the rollups',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });

  private readonly lastIngest = new Gauge({
    name: 'taskshare_last_ingest_timestamp_seconds',
    help: 'Unix time this server last accepted an event (0: none since start)',
    registers: [this.registry],
  });

  constructor() {
    // Unprefixed, so the usual Node.js dashboards and alerts (process_*, nodejs_*) find them.
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'taskshare_build_info',
      help: 'Always 1; the labels say which taskshare and Node.js this is',
      labelNames: ['version', 'node'],
      registers: [this.registry],
    }).set({ version: VERSION, node: process.versions.node }, 1);
    this.lastIngest.set(0);
    this.requests.register(
      this.registry,
      { name: 'taskshare_http_requests_total', help: 'HTTP requests by route, method and status' },
      { name: 'taskshare_http_request_duration_seconds', help: 'HTTP request latency' },
    );
  }

  /** Reports the store's own memory at each scrape (an embedded DuckDB lives in this process). */
  watchStoreMemory(read: () => Promise<number>): void {
    new Gauge({
      name: 'taskshare_store_memory_bytes',
      help: 'Memory the embedded store reports holding (DuckDB buffer pool, indexes, temp tables)',
      registers: [this.registry],
      // A store that fails or hangs must not fail the whole scrape: the gauge says NaN (unknown), and
      // /readyz names the store.
      async collect() {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), 2_000);
        });
        try {
          this.set(await Promise.race([read(), timeout]));
        } catch {
          this.set(Number.NaN);
        } finally {
          clearTimeout(timer);
        }
      },
    });
  }

  request(route: string, method: string, status: number, seconds: number): void {
    this.requests.record(route, method, status, seconds);
  }

  rateLimitFallback(active: boolean): void {
    this.limiterFallback.set(active ? 1 : 0);
  }

  rateLimited(): void {
    this.refusals.inc();
  }

  events(outcome: 'accepted' | 'duplicate' | 'rejected' | 'sampled_out', count: number): void {
    if (count > 0) this.eventCounts.inc({ outcome }, count);
    if (count > 0 && outcome === 'accepted') this.lastIngest.setToCurrentTime();
  }

  classified(tag: string, path: string): void {
    this.classifications.inc({ tag, path });
  }

  integrationRecords(integration: string, outcome: 'failed' | 'skipped' | 'ignored', count: number): void {
    if (count > 0) this.integrationCounts.inc({ integration, outcome }, count);
  }

  storeWrite(seconds: number): void {
    this.storeWrites.observe(seconds);
  }

  snapshotComputed(seconds: number): void {
    this.snapshots.observe(seconds);
  }
}
