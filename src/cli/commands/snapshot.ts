/** `taskshare snapshot [--json | --csv]`: the current response, as a table, raw JSON, or the server's CSV rows. */
import { type Command, Option } from 'commander';
import { classificationsCsv } from '../../http/csv.ts';
import type { TaskshareResponse } from '../../shares/taskshare.ts';
import type { TaskClassificationResponse } from '../../shares/types.ts';
import { call } from '../client.ts';
import { connection, connectionOptions } from '../connection.ts';
import { printTable } from './keys.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function snapshotCommand(program: Command): void {
  const command = program
    .command('snapshot')
    .description('Print the current task shares from the running server')
    .addOption(new Option('--json', 'print the raw JSON response').conflicts('csv'))
    .addOption(
      new Option('--csv', 'print CSV: a row per task and per (task, model), the columns of the read API (docs/api.md)').conflicts('json'),
    );
  connectionOptions(command, 'TASKSHARE_KEY', 'key with the read scope (else the admin key)').action(
    async (opts: { json?: boolean; csv?: boolean }, cmd: Command) => {
      const conn = connection(cmd, { adminFallback: true });
      if (opts.csv) {
        // The same rows, byte for byte, as the server's own CSV of the 7-day window.
        const body = await call<TaskshareResponse>('GET', '/api/v1/taskshare/classifications?window=7d', conn);
        return void process.stdout.write(classificationsCsv(body));
      }
      const body = await call<TaskClassificationResponse>('GET', '/api/v1/classifications/task', conn);
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
    },
  );
}
