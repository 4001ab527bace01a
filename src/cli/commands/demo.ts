/** `taskshare demo remove`: the demo dataset's events and their share of the rollups go (through the running server). */
import type { Command } from 'commander';
import { adminKey, call } from '../client.ts';

export function demoCommand(program: Command): void {
  const demo = program.command('demo').description('Manage the demo dataset (through the running server)');
  demo
    .command('remove')
    .description(
      'Remove the demo\'s events (ids and apps starting with "demo-") and what they added to the shares; an automatic start does ' +
        'not load it again',
    )
    .option('--data <dir>', 'data directory holding admin.key')
    .action(async (opts: { data?: string }) => {
      const { data } = await call<{ data: { removed: number } }>('DELETE', '/api/v1/admin/demo', adminKey(opts.data));
      process.stdout.write(`Removed ${data.removed} demo events and their share of the rollups\n`);
    });
}
