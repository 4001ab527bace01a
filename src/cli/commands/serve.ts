/**
 * `taskshare serve`: every setting as a flag (they win over environment variables), then the server.
 * SIGTERM or SIGINT stops it gracefully and exits 0; a second signal exits at once.
 */
import { type Command, Option } from 'commander';
import { type Config, ConfigError, loadConfig, SETTINGS, type SettingName, settingChoices, settingDefault } from '../../config/index.ts';
import { reason, StartupError } from '../../errors/startup.ts';
import { applyLeanHeap } from '../../util/heap.ts';
import { CliError } from '../client.ts';

/**
 * Adds `--<flag> <value>` for the settings named (all by default) but those skipped. --help shows each
 * one's variable, default and, for a fixed list, its choices; the value itself is left to loadConfig.
 */
export function addSettingFlags(command: Command, which: { only?: readonly SettingName[]; skip?: SettingName[] } = {}): Command {
  for (const name of which.only ?? (Object.keys(SETTINGS) as SettingName[])) {
    if (which.skip?.includes(name)) continue;
    const s = SETTINGS[name];
    const option = new Option(`--${s.flag} <value>`, `${s.description} [env ${s.env}]`);
    const choices = settingChoices(name);
    if (choices) option.choices(choices);
    const fallback = settingDefault(name);
    if (fallback !== undefined) option.default(fallback, fallback === '' ? 'none' : JSON.stringify(fallback));
    command.addOption(option);
  }
  return command;
}

/**
 * The settings given on the command line. Defaults only show in --help: left out here, they let the
 * environment (read by loadConfig) decide.
 */
export function flagsToSettings(command: Command): Partial<Record<SettingName, unknown>> {
  const opts = command.opts();
  const out: Partial<Record<SettingName, unknown>> = {};
  for (const [name, s] of Object.entries(SETTINGS)) {
    const key = s.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (command.getOptionValueSource(key) === 'cli') out[name as SettingName] = opts[key];
  }
  return out;
}

/** The configuration from the environment and these flags; a bad value becomes a one-line CLI error. */
export function loadCliConfig(flags: Partial<Record<SettingName, unknown>>): Config {
  try {
    return loadConfig(process.env, flags);
  } catch (err) {
    // One problem, one line; several, one line each under the heading.
    if (err instanceof ConfigError)
      throw new CliError(err.message.includes('\n') ? `invalid configuration:\n${err.message}` : `invalid configuration: ${err.message}`);
    throw err;
  }
}

/** The banner's line for the rankings page, saying whether it asks for a key. */
function pageLine(url: string, open: boolean): string {
  return `Rankings page: ${url}/${open ? '' : ' (asks for a read key)'}\n`;
}

export function serveCommand(program: Command): void {
  const serve = program.command('serve').description('Start the server (embedded DuckDB store in --data)');
  addSettingFlags(serve, { skip: ['demo', 'banner'] });
  serve
    .option('--demo', 'load the demo dataset even into a store that has data (ids make it idempotent)')
    .option('--no-demo', 'never load the demo dataset')
    .option('--no-banner', 'do not print the read key and curl line at start')
    .action(async (opts: Record<string, unknown>, command: Command) => {
      const flags = flagsToSettings(command);
      if (opts.demo === true) flags.demo = 'on';
      if (opts.demo === false) flags.demo = 'off';
      if (opts.banner === false) flags.banner = false;
      const config = loadCliConfig(flags);
      // Process-wide memory policy: set by the serve command, not by startServer, which tests embed; and
      // before main.ts loads DuckDB's native library, whose allocator reads its settings when it loads.
      applyLeanHeap(config.leanHeap);
      // Everything the server writes (DuckDB's file and its write-ahead log, keys, the secret) is 0600.
      process.umask(0o077);
      const { startServer } = await import('../../main.ts');
      const server = await startServer(config).catch((err: unknown) => {
        // One line saying what failed and what to do, never a stack (nor a password: URLs are masked).
        throw new CliError(err instanceof StartupError ? err.message : `could not start: ${reason(err)}`);
      });
      if (config.banner && server.readKey === undefined) {
        process.stderr.write(
          `\ntaskshare is serving ${server.url}\n${pageLine(server.url, server.publicRankings)}Its store is shared: the first ` +
            `server to start on it made the bootstrap keys (in that server's --data directory).\n\n`,
        );
      } else if (config.banner) {
        // The banner goes to stderr, as plain text, so that a log pipeline reading stdout never holds a key.
        process.stderr.write(
          `\ntaskshare is serving ${server.url}\n` +
            pageLine(server.url, server.publicRankings) +
            `Read key (kept in ${config.dataDir}/read.key): ${server.readKey}\n` +
            `Try it:\n  curl -s -H "Authorization: Bearer ${server.readKey}" ${server.url}/api/v1/classifications/task\n` +
            `Admin key for the CLI: ${config.dataDir}/admin.key\n\n`,
        );
      }
      let signals = 0;
      const stop = (signal: string) => {
        signals += 1;
        if (signals > 1) process.exit(1);
        server.logger.info({ signal }, 'shutting down');
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}
