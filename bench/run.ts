/**
 * `npm run bench [-- section...]`: every benchmark, each printed as a ratio against a baseline measured
 * in the same run (absolute times on a shared machine drift; ratios hold). Sections, in order: classifier, http, snapshot, history,
 * ingest; `capacity` and `instances` run only when named.
 */

import os from 'node:os';
import { benchCapacity } from './capacity.ts';
import { benchClassifier } from './classifier.ts';
import { benchHistory } from './history.ts';
import { benchHttp } from './http.ts';
import { benchIngest } from './ingest.ts';
import { benchInstances } from './instances.ts';
import { benchProxy } from './proxy.ts';
import { benchSnapshot } from './snapshot.ts';
import { fmt, runsFrom } from './util.ts';

const sections: Record<string, () => Promise<void>> = {
  async classifier() {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await benchClassifier());
    const best = runs.map((r) => r.rowsPerSec).sort((a, b) => a - b)[1]!;
    const cpu = runs.map((r) => r.rowsPerCpuSecond).sort((a, b) => a - b)[1]!;
    console.log(`\n## Built-in classifier, one core, ${fmt(runs[0]!.rows)} rows of ../shared/data (parse + transcript + features + model)`);
    console.log(
      `median of 3 runs: ${fmt(best)} rows/s (target >= 40,000) ${best >= 40_000 ? 'PASS' : 'MISS'}; ${fmt(cpu)} rows per ` +
        `CPU-second (diagnostic); load average ${os.loadavg()[0]!.toFixed(2)}`,
    );
  },
  async http() {
    const r = await benchHttp(Number(process.env.BENCH_SECONDS ?? 6), Number(process.env.BENCH_ROUNDS ?? 5));
    console.log(
      `\n## HTTP: GET /api/v1/classifications/task, 100 connections, authenticated, rate limit raised (median of ${r.rounds} ` +
        `alternating rounds)`,
    );
    console.log(`| server | requests/s | p99 latency (ms) | non-2xx | requests per server CPU-second |\n|---|---|---|---|---|`);
    console.log(`| bare node:http, same bytes | ${fmt(r.bare.rps)} | ${r.bare.p99} | ${r.bare.non2xx} | ${fmt(r.bare.perCpuSecond)} |`);
    console.log(`| taskshare | ${fmt(r.taskshare.rps)} | ${r.taskshare.p99} | ${r.taskshare.non2xx} | ${fmt(r.taskshare.perCpuSecond)} |`);
    console.log(`per-round ratios: ${r.ratios.map((x) => fmt(x, 2)).join(', ')}`);
    console.log(`requests per server CPU-second, taskshare / bare (median of rounds; diagnostic): ${fmt(r.cpuRatio, 2)}x`);
    console.log(
      `throughput ratio taskshare / bare (median of rounds): ${fmt(r.ratio, 2)}x (target >= 0.6x) ${r.ratio >= 0.6 ? 'PASS' : 'MISS'}`,
    );
  },
  async snapshot() {
    const r = await benchSnapshot(Number(process.env.BENCH_SMALL ?? 1_000_000), Number(process.env.BENCH_LARGE ?? 10_000_000));
    console.log('\n## Snapshot computation (uncached, median of 20) by events in the window');
    console.log(`| events | snapshot (ms) |\n|---|---|`);
    console.log(`| 1M | ${fmt(r.ms1M, 2)} |\n| 10M | ${fmt(r.ms10M, 2)} |`);
    console.log(`ratio 10M / 1M: ${fmt(r.ratio, 2)}x (target <= 2x) ${r.ratio <= 2 ? 'PASS' : 'MISS'}`);
    console.log(`(store insert rate while filling: ${fmt(r.insertEventsPerSec)} events/s)`);
  },
  async history() {
    const r = await benchHistory();
    console.log(
      `\n## Share history: 90 daily points of the 90-day window (180 days x every tag x 20 models: ${fmt(r.cells)} rollup cells), ` +
        `median of 20`,
    );
    console.log(`| answer | ms |\n|---|---|`);
    console.log(
      `| GET .../classifications/history?window=90d&step=1d (90 points) | ${fmt(r.historyMs, 1)} |\n| baseline: one uncached 7-day ` +
        `snapshot | ${fmt(r.snapshotMs, 1)} |`,
    );
    console.log(`ratio history / snapshot: ${fmt(r.ratio, 1)}x`);
  },
  async ingest() {
    const mb = Number(process.env.BENCH_INGEST_MB ?? 1024);
    const r = await benchIngest(mb * 1048576);
    console.log(`\n## Ingestion: taskshare ingest -> HTTP -> classify -> DuckDB, ${fmt(r.fileMB)} MB NDJSON, ${fmt(r.events)} events`);
    console.log(`| path | events/s |\n|---|---|`);
    console.log(`| baseline: read + JSON.parse only | ${fmt(r.baselinePerSec)} |`);
    console.log(`| taskshare ingest, end to end | ${fmt(r.ingestPerSec)} |`);
    console.log(`ratio end-to-end / parse-only: ${fmt(r.ratio, 3)}x`);
    console.log(
      `peak memory (VmHWM): server ${fmt(r.serverPeakMB)} MB, CLI ${fmt(r.cliPeakMB)} MB (target <= 300 MB each) ` +
        `${r.serverPeakMB <= 300 && r.cliPeakMB <= 300 ? 'PASS' : 'MISS'}`,
    );
  },
  async proxy() {
    const r = await benchProxy(Number(process.env.BENCH_PROXY_REQUESTS ?? 1000), Number(process.env.BENCH_ROUNDS ?? 5));
    console.log(
      `\n## Proxy: latency taskshare proxy adds (sequential requests, ${fmt(r.requests)} per round, ${r.rounds} alternating rounds; ` +
        `every request classified and recorded)`,
    );
    console.log(
      `| request | direct, median (ms) | through the proxy, median (ms) | ratio (median of rounds) | per-round ratios ` +
        `|\n|---|---|---|---|---|`,
    );
    for (const row of r.rows)
      console.log(
        `| ${row.kind} | ${fmt(row.directMs, 3)} | ${fmt(row.proxyMs, 3)} | ${fmt(row.ratio, 2)}x | ` +
          `${row.ratios.map((x) => fmt(x, 2)).join(', ')} |`,
      );
  },
};

/** Sections run only when named: they take minutes. */
const optional: Record<string, () => Promise<void>> = {
  async instances() {
    const n = Number(process.env.BENCH_INSTANCES_EVENTS ?? 100_000);
    const r = await benchInstances(n);
    console.log(`\n## Several instances: PostgreSQL beside DuckDB, ${fmt(n)} events`);
    if (r.skipped) {
      console.log(`skipped: ${r.skipped}`);
      return;
    }
    console.log('| store | insert, events/s (batches of 2,000, 1,000 models) |\n|---|---|');
    for (const x of r.ingest) console.log(`| ${x.store} | ${fmt(x.eventsPerSec)} |`);
    console.log('| store | distinct models | uncached snapshot (ms) | longest event-loop block (ms) |\n|---|---|---|---|');
    for (const x of r.snapshot) console.log(`| ${x.store} | ${fmt(x.models)} | ${fmt(x.ms, 1)} | ${fmt(x.maxLoopBlockMs, 1)} |`);
    console.log('| servers on one PostgreSQL | ingest, events/s (HTTP, tagged events, 2 clients) |\n|---|---|');
    for (const x of r.servers) console.log(`| ${x.setup} | ${fmt(x.eventsPerSec)} |`);
  },
  async capacity() {
    const r = await benchCapacity(Number(process.env.BENCH_CAPACITY_MILLIONS ?? 12), Number(process.env.BENCH_CAPACITY_BATCH ?? 2000));
    console.log(
      `\n## Store capacity: ${fmt(r.events)} events into the embedded store in batches of ${fmt(r.batch)}, memory limit starting at ` +
        `${fmt(r.startLimitMB)} MiB`,
    );
    console.log(`events/s per million: ${r.perMillion.map((x) => fmt(x)).join(', ')}`);
    console.log(
      `last million / first million: ${fmt(r.perMillion.at(-1)! / r.perMillion[0]!, 2)}x; limit at the end: ${fmt(r.endLimitMB)} ` +
        `MiB; most the store reported holding: ${fmt(r.peakStoreMB)} MB`,
    );
  },
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const all = { ...sections, ...optional };
const unknown = wanted.filter((w) => !(w in all));
if (unknown.length > 0) {
  console.error(`unknown section(s): ${unknown.join(', ')}; known: ${Object.keys(all).join(', ')}`);
  process.exit(2);
}
console.log(`servers and CLI run from ${runsFrom()}`);
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) await all[name]!();
