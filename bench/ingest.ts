/**
 * Ingestion end to end: the `taskshare ingest` CLI streaming an NDJSON file over HTTP into a server
 * on the embedded store (each event validated, classified and committed), beside a baseline that only
 * reads the same file and JSON-parses each line. Also the peak memory (VmHWM) of both processes.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { writeEventsFile } from './events-file.ts';
import { freePort, spawnNode, stop, waitFor } from './util.ts';

export interface IngestBenchResult {
  events: number;
  fileMB: number;
  baselinePerSec: number;
  ingestPerSec: number;
  ratio: number;
  serverPeakMB: number;
  cliPeakMB: number;
}

async function parseOnly(path: string): Promise<number> {
  const start = performance.now();
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line) {
      JSON.parse(line);
      n += 1;
    }
  }
  return n / ((performance.now() - start) / 1000);
}

/** The peak resident set of a live process, in MB (Linux /proc). */
function peakMB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export async function benchIngest(fileBytes: number): Promise<IngestBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-bench-ingest-'));
  const file = join(dir, 'events.ndjson');
  const port = await freePort();
  const server = spawnNode([
    'bin/taskshare.mjs',
    'serve',
    '--port',
    String(port),
    '--data',
    join(dir, 'data'),
    '--no-demo',
    '--no-banner',
    '--rate-limit-per-minute',
    '1000000',
    '--rate-limit-per-day',
    '100000000',
    '--log-level',
    'warn',
  ]);
  try {
    const events = await writeEventsFile(file, fileBytes);
    const baselinePerSec = await parseOnly(file);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/healthz`);
    const key = readFileSync(join(dir, 'data', 'admin.key'), 'utf8').trim();

    const start = performance.now();
    const cli = spawn(process.execPath, ['bin/taskshare.mjs', 'ingest', file, '--json', '--quiet'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TASKSHARE_URL: url, TASKSHARE_INGEST_KEY: key },
    });
    let out = '';
    cli.stdout.on('data', (d) => (out += d));
    // VmHWM is a high-water mark, so the last reading before exit is the peak.
    let cliPeakMB = 0;
    const poll = setInterval(() => {
      cliPeakMB = Math.max(cliPeakMB, peakMB(cli.pid!) || 0);
    }, 100);
    const code = await new Promise<number | null>((r) => cli.once('exit', r));
    clearInterval(poll);
    const seconds = (performance.now() - start) / 1000;
    if (code !== 0) throw new Error(`ingest exited ${code}: ${out}`);
    const report = JSON.parse(out) as { accepted: number; rejected: number };
    if (report.accepted !== events) throw new Error(`accepted ${report.accepted} of ${events} (rejected ${report.rejected})`);
    const ingestPerSec = events / seconds;
    return {
      events,
      fileMB: fileBytes / 1048576,
      baselinePerSec,
      ingestPerSec,
      ratio: ingestPerSec / baselinePerSec,
      serverPeakMB: peakMB(server.pid!),
      cliPeakMB,
    };
  } finally {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
}
