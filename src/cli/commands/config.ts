/** `taskshare config`: the effective configuration (environment and flags), secrets masked. */
import type { Command } from 'commander';
import { describeConfig } from '../../config/index.ts';
import { printTable } from './keys.ts';
import { addSettingFlags, flagsToSettings, loadCliConfig } from './serve.ts';

export function configCommand(program: Command): void {
  const command = program.command('config').description('Print the effective configuration, secrets masked').option('--json', 'print JSON');
  addSettingFlags(command);
  command.action((opts: Record<string, unknown>) => {
    const config = loadCliConfig(flagsToSettings(opts));
    const rows = describeConfig(config);
    if (opts.json) return void process.stdout.write(`${JSON.stringify(Object.fromEntries(rows.map((r) => [r.env, r.value])), null, 2)}\n`);
    printTable(
      ['SETTING', 'ENV', 'VALUE'],
      rows.map((r) => [r.name, r.env, r.value]),
    );
  });
}
