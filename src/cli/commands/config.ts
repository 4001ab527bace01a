/** `taskshare config`: the effective configuration (environment and flags), secrets masked. */
import type { Command } from 'commander';
import { describeConfig, loadConfig, ConfigError } from '../../config/index.ts';
import { CliError } from '../client.ts';
import { addSettingFlags, flagsToSettings } from './serve.ts';
import { printTable } from './keys.ts';

export function configCommand(program: Command): void {
  const command = program.command('config').description('Print the effective configuration, secrets masked').option('--json', 'print JSON');
  addSettingFlags(command);
  command.action((opts: Record<string, unknown>) => {
    let config;
    try {
      config = loadConfig(process.env, flagsToSettings(opts));
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(`invalid configuration:\n${err.message}`);
      throw err;
    }
    const rows = describeConfig(config);
    if (opts.json) return void process.stdout.write(`${JSON.stringify(Object.fromEntries(rows.map((r) => [r.env, r.value])), null, 2)}\n`);
    printTable(['SETTING', 'ENV', 'VALUE'], rows.map((r) => [r.name, r.env, r.value]));
  });
}
