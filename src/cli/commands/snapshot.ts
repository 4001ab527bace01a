/** `taskshare snapshot [--json]`: the current response, as a table or raw JSON. */
import type { Command } from 'commander';
import type { TaskClassificationResponse } from '../../shares/types.ts';
import { adminKey, call } from '../client.ts';
import { printTable } from './keys.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function snapshotCommand(program: Command): void {
  program
    .command('snapshot')
    .description('Print the current task shares from the running server (key: TASKSHARE_KEY, else the admin key)')
    .option('--json', 'print the raw JSON response')
    .option('--data <dir>', 'data directory holding admin.key')
    .action(async (opts: { json?: boolean; data?: string }) => {
      const key = process.env.TASKSHARE_KEY?.trim() || adminKey(opts.data);
      const body = await call<TaskClassificationResponse>('GET', '/api/v1/classifications/task', key);
      if (opts.json) return void process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      const { data } = body;
      process.stdout.write(`Task shares, trailing ${data.window_days} days, as of ${data.as_of}\n\n`);
      printTable(
        ['TASK', 'TAG', 'CATEGORY', 'REQUESTS', 'TOKENS', 'TOP MODEL'],
        data.classifications.map((c) => [
          c.display_name,
          c.tag,
          c.macro_category,
          pct(c.usage_share),
          pct(c.token_share),
          c.models[0] ? `${c.models[0].id} (${pct(c.models[0].tag_usage_share)})` : '-',
        ]),
      );
      process.stdout.write('\n');
      printTable(
        ['CATEGORY', 'REQUESTS', 'TOKENS'],
        data.macro_categories.map((m) => [m.label, pct(m.usage_share), pct(m.token_share)]),
      );
    });
}
