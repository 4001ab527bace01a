/** `taskshare ingest FILE... | -`: stream NDJSON (gzip too) to the running server in batches. */
import { type Command, InvalidArgumentError } from 'commander';
import { adminKey, CliError, serverUrl } from '../client.ts';
import { DEFAULTS, type IngestReport, ingestFiles, progressView, summaryText } from '../ingest/index.ts';

interface IngestFlags {
  url?: string;
  key?: string;
  data?: string;
  batchSize: number;
  batchBytes: number;
  rejects?: string;
  retries: number;
  json?: boolean;
  quiet?: boolean;
}

const intAtLeast =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };

const HELP = `
Lines are sent as they are read, in batches; memory stays bounded whatever the file size.
Files ending in .gz or starting with the gzip magic bytes are decompressed; \`-\` reads stdin.

Re-running is safe: the server ingests by event id, so after a crash, a failure or Ctrl-C, run the
same command again. Events already committed come back as duplicates and are never counted twice.

Rejected lines go to <file>.rejects.ndjson (stdin.rejects.ndjson for -, or --rejects), one
{"file","line","id","reason"} per line: line numbers of the input file, never the record's content.

Exit status: 0 when every line was answered (rejected lines included), 1 on a fatal error (bad key,
server unreachable after the retries), 2 on wrong usage, 130 when interrupted (Ctrl-C stops reading and
waiting; press it again to abort the request in flight too).`;

export function ingestCommand(program: Command): void {
  program
    .command('ingest')
    .description('Stream NDJSON event files (gzip too, - for stdin) to the running server')
    .argument('<files...>', 'NDJSON files, .gz or plain; - for stdin')
    .option('--url <url>', 'server URL (default: TASKSHARE_URL, else http://127.0.0.1:8080)')
    .option('--key <key>', 'key with the ingest scope (default: TASKSHARE_INGEST_KEY, else the admin key)')
    .option('--data <dir>', 'data directory holding admin.key, for the admin-key fallback')
    .option('--batch-size <n>', 'most events per request', intAtLeast(1), DEFAULTS.batchSize)
    .option('--batch-bytes <n>', 'most bytes per request; keep under the server limit (10 MiB)', intAtLeast(1024), DEFAULTS.batchBytes)
    .option('--rejects <path>', 'one rejects file for all inputs (default: <file>.rejects.ndjson)')
    .option('--retries <n>', 'retries of a batch on 5xx or connection errors (429s wait as told)', intAtLeast(0), DEFAULTS.retries)
    .option('--json', 'print the final summary as one JSON object on stdout')
    .option('--quiet', 'no progress bar and no text summary; errors only')
    .addHelpText('after', HELP)
    .action(async (files: string[], opts: IngestFlags) => {
      const key = opts.key?.trim() || process.env.TASKSHARE_INGEST_KEY?.trim() || adminKey(opts.data);
      const stop = new AbortController();
      const abort = new AbortController();
      // First Ctrl-C: stop reading, let the batch in flight finish. Second: abort that too.
      const onSigint = () => {
        if (!stop.signal.aborted) {
          if (!opts.quiet) process.stderr.write('\nStopping: the request in flight, if any, may finish (Ctrl-C again to abort it)...\n');
          stop.abort();
        } else abort.abort();
      };
      process.on('SIGINT', onSigint);
      const view = progressView(process.stderr, !opts.quiet);
      let report: IngestReport;
      try {
        report = await ingestFiles({
          files,
          key,
          url: opts.url ?? serverUrl(),
          batchSize: opts.batchSize,
          batchBytes: opts.batchBytes,
          rejects: opts.rejects,
          retries: opts.retries,
          stop: stop.signal,
          abort: abort.signal,
          onProgress: view.update,
        });
      } finally {
        view.stop();
        process.off('SIGINT', onSigint);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else if (!opts.quiet) process.stdout.write(summaryText(report));
      if (report.outcome === 'failed') throw new CliError(report.error ?? 'ingestion failed');
      if (report.outcome === 'interrupted') process.exitCode = 130;
    });
}
