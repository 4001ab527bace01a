/** `taskshare config`: the effective configuration (environment and flags), secrets masked. */
import type { Command } from 'commander';
import { describeConfig } from '../../config/index.ts';
import { printTable } from './keys.ts';
import { addSettingFlags, flagsToSettings, loadCliConfig } from './serve.ts';

export function configCommand(program: Command): void {
  const command = program
    .command('config')
    .description('Print the effective configuration, secrets masked')
    .option('--json', 'print JSON: one {"setting","env","value"} per row of the table');
  addSettingFlags(command);
  command.action((opts: { json?: boolean }, cmd: Command) => {
    const rows = describeConfig(loadCliConfig(flagsToSettings(cmd)));
    if (opts.json) {
      const json = rows.map((r) => ({ setting: r.name, env: r.env, value: r.value }));
      return void process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    }
    printTable(
      ['SETTING', 'ENV', 'VALUE'],
      rows.map((r) => [r.name, r.env, String(r.value)]),
    );
  });
}
