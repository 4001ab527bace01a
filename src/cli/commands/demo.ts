/** `taskshare demo remove`: the demo dataset's events and their share of the rollups go (through the running server). */
import type { Command } from 'commander';
import { call } from '../client.ts';
import { connection, connectionOptions } from '../connection.ts';

export function demoCommand(program: Command): void {
  const demo = program.command('demo').description('Manage the demo dataset (through the running server)');
  const remove = demo
    .command('remove')
    .description(
      'Remove the demo\'s events (ids and apps starting with "demo-") and what they added to the shares; an automatic start does ' +
        'not load it again',
    );
  connectionOptions(remove, 'TASKSHARE_ADMIN_KEY', 'admin key (else <data>/admin.key)').action(async (_opts: unknown, command: Command) => {
    const { data } = await call(connection(command, { adminFallback: true }), (sdk) => sdk.demo.remove());
    process.stdout.write(`Removed ${data.removed} demo events and their share of the rollups\n`);
  });
}
