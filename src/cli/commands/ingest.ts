/** `taskshare ingest FILE... | -`: stream NDJSON (gzip too) to the running server in batches. */
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../client.ts';
import { connection, connectionOptions, refusedKeyMessage } from '../connection.ts';
import { DEFAULTS, type IngestReport, ingestFiles, progressView, summaryText } from '../ingest/index.ts';

interface IngestFlags {
  batchSize: number;
  batchBytes: number;
  rejects?: string;
  retries: number;
  concurrency: number;
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
waiting; press it again to abort the requests in flight too).`;

/** On a terminal, the cursor back to the start of an emptied line (where Ctrl-C may have echoed "^C"). */
const cleanLine = (stream: NodeJS.WriteStream) => (stream.isTTY ? '\r\x1b[2K' : '');

export function ingestCommand(program: Command): void {
  const command = program
    .command('ingest')
    .description('Stream NDJSON event files (gzip too, - for stdin) to the running server')
    .argument('<files...>', 'NDJSON files, .gz or plain; - for stdin');
  connectionOptions(command, 'TASKSHARE_INGEST_KEY', 'key with the ingest scope (else the admin key)')
    .option('--batch-size <n>', 'most events per request', intAtLeast(1), DEFAULTS.batchSize)
    .option('--batch-bytes <n>', 'most bytes per request; keep under the server limit (10 MiB)', intAtLeast(1024), DEFAULTS.batchBytes)
    .option('--rejects <path>', 'one rejects file for all inputs (default: <file>.rejects.ndjson)')
    .option('--retries <n>', 'retries of a batch on 5xx or connection errors (429s wait as told)', intAtLeast(0), DEFAULTS.retries)
    .option('--concurrency <n>', 'batches in flight at once (memory: one more batch than this)', intAtLeast(1), DEFAULTS.concurrency)
    .option('--json', 'print the final summary as one JSON object on stdout')
    .option('--quiet', 'no progress bar and no text summary; errors only')
    .addHelpText('after', HELP)
    .action(async (files: string[], opts: IngestFlags, cmd: Command) => {
      const conn = connection(cmd, { adminFallback: true });
      const stop = new AbortController();
      const abort = new AbortController();
      const view = progressView(process.stderr, !opts.quiet);
      // First Ctrl-C: stop reading, let the batches in flight finish. Second: abort that too.
      const onSigint = () => {
        if (!stop.signal.aborted) {
          // The bar goes first, taking the terminal's "^C" with it, so the message starts a clean line.
          view.interrupt();
          if (!opts.quiet) process.stderr.write('Stopping: the requests in flight, if any, may finish (Ctrl-C again to abort them)...\n');
          stop.abort();
        } else abort.abort();
      };
      process.on('SIGINT', onSigint);
      let report: IngestReport;
      try {
        report = await ingestFiles({
          files,
          key: conn.key,
          refusedKey: (message) => refusedKeyMessage(conn, message),
          url: conn.url,
          batchSize: opts.batchSize,
          batchBytes: opts.batchBytes,
          rejects: opts.rejects,
          retries: opts.retries,
          concurrency: opts.concurrency,
          stop: stop.signal,
          abort: abort.signal,
          onProgress: view.update,
        });
      } finally {
        view.stop();
        process.off('SIGINT', onSigint);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else if (!opts.quiet)
        process.stdout.write(`${report.outcome === 'interrupted' ? cleanLine(process.stdout) : ''}${summaryText(report)}`);
      if (report.outcome === 'failed') throw new CliError(report.error ?? 'ingestion failed');
      if (report.outcome === 'interrupted') process.exitCode = 130;
    });
}
