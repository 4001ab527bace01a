/**
 * `taskshare proxy --upstream URL [--port N] [--host H]`: the sampling pass-through (src/proxy/).
 * Events go to TASKSHARE_URL (or --url) with TASKSHARE_INGEST_KEY (or --key); the sample rate and the
 * classifier come from the same settings as the server's.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { classifierOptions } from '../../classify/from-config.ts';
import { createClassifier } from '../../classify/index.ts';
import { loadConfig } from '../../config/index.ts';
import { startProxy } from '../../proxy/server.ts';
import { CliError, serverUrl } from '../client.ts';

export function proxyCommand(program: Command): void {
  program
    .command('proxy')
    .description('OpenAI-compatible pass-through that classifies sampled requests in memory and records them in taskshare')
    .requiredOption('--upstream <url>', 'the API to forward to, e.g. https://api.openai.com')
    .option('--port <n>', 'port to listen on', '8787')
    .option('--host <h>', 'address to bind', '127.0.0.1')
    .option('--url <url>', 'taskshare server URL (default: TASKSHARE_URL, else http://127.0.0.1:8080)')
    .option('--key <key>', 'key with the ingest scope (default: TASKSHARE_INGEST_KEY)')
    .option('--sample-rate <r>', 'fraction of requests recorded (default: TASKSHARE_SAMPLE_RATE, else 1)')
    .action(async (opts: { upstream: string; port: string; host: string; url?: string; key?: string; sampleRate?: string }) => {
      try {
        new URL(opts.upstream);
      } catch {
        throw new CliError(`--upstream must be a URL, e.g. https://api.openai.com; got ${JSON.stringify(opts.upstream)}`);
      }
      const key = opts.key?.trim() || process.env.TASKSHARE_INGEST_KEY?.trim();
      if (!key)
        throw new CliError(
          'no ingest key: pass --key or set TASKSHARE_INGEST_KEY (create one with `taskshare keys create --account proxy --scope ingest`)',
        );
      const config = loadConfig(process.env, opts.sampleRate === undefined ? {} : { sampleRate: opts.sampleRate });
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0..65535; got ${opts.port}`);
      const logger = pino({ level: config.logLevel });
      const proxy = await startProxy({
        upstream: opts.upstream,
        port,
        host: opts.host,
        ingestUrl: opts.url ?? serverUrl(),
        ingestKey: key,
        sampleRate: config.sampleRate,
        classifier: createClassifier(classifierOptions(config)),
        logger,
      });
      const stop = () => void proxy.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
