/**
 * `taskshare proxy --upstream URL [--port N] [--host H]`: the sampling pass-through (src/proxy/).
 * Events go to TASKSHARE_URL (or --url) with TASKSHARE_INGEST_KEY (or --key); the sample rate and the
 * classifier come from the same settings as the server's.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { classifierOptions } from '../../classify/from-config.ts';
import { createClassifier } from '../../classify/index.ts';
import { startProxy } from '../../proxy/server.ts';
import { CliError } from '../client.ts';
import { keyOption, urlOption } from '../connection.ts';
import { loadCliConfig } from './serve.ts';

export function proxyCommand(program: Command): void {
  program
    .command('proxy')
    .description('OpenAI-compatible pass-through that classifies sampled requests in memory and records them in taskshare')
    .requiredOption('--upstream <url>', 'the API to forward to, e.g. https://api.openai.com')
    .option('--port <n>', 'port to listen on', '8787')
    .option('--host <h>', 'address to bind', '127.0.0.1')
    .addOption(urlOption())
    .addOption(keyOption('TASKSHARE_INGEST_KEY', 'key with the ingest scope'))
    .option('--sample-rate <r>', 'fraction of requests recorded (default: TASKSHARE_SAMPLE_RATE, else 1)')
    .action(async (opts: { upstream: string; port: string; host: string; url: string; key?: string; sampleRate?: string }) => {
      try {
        new URL(opts.upstream);
      } catch {
        throw new CliError(`--upstream must be a URL, e.g. https://api.openai.com; got ${JSON.stringify(opts.upstream)}`);
      }
      const key = opts.key?.trim();
      if (!key)
        throw new CliError(
          'no ingest key: pass --key or set TASKSHARE_INGEST_KEY (create one with `taskshare keys create --account proxy --scope ingest`)',
        );
      const config = loadCliConfig(opts.sampleRate === undefined ? {} : { sampleRate: opts.sampleRate });
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0..65535; got ${opts.port}`);
      const logger = pino({ level: config.logLevel });
      const proxy = await startProxy({
        upstream: opts.upstream,
        port,
        host: opts.host,
        ingestUrl: opts.url,
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
