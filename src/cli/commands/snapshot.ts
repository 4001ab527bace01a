/** `taskshare snapshot [--json | --csv]`: the current response, as a table, raw JSON, or the server's CSV rows. */

import type { TaskClassificationResponse as SdkResponse } from '@taskshare/sdk';
import { type Command, Option } from 'commander';
import type { TaskClassificationResponse } from '../../shares/types.ts';
import { call } from '../client.ts';
import { connection, connectionOptions } from '../connection.ts';
import { printTable } from './keys.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The SDK's value under the contract's own names: what `--json` prints, field for field as the server sent it. */
const wire = ({ data }: SdkResponse): TaskClassificationResponse => ({
  data: {
    as_of: data.asOf,
    window_days: data.windowDays,
    classifications: data.classifications.map((c) => ({
      tag: c.tag,
      display_name: c.displayName,
      macro_category: c.macroCategory,
      usage_share: c.usageShare,
      token_share: c.tokenShare,
      category_usage_share: c.categoryUsageShare,
      category_token_share: c.categoryTokenShare,
      models: c.models.map((m) => ({ id: m.id, tag_usage_share: m.tagUsageShare, tag_token_share: m.tagTokenShare })),
    })),
    macro_categories: data.macroCategories.map((m) => ({
      key: m.key,
      label: m.label,
      usage_share: m.usageShare,
      token_share: m.tokenShare,
    })),
  },
});

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
        return void process.stdout.write(await call(conn, (sdk) => sdk.analytics.getCsv({ window: '7d' })));
      }
      const body = wire(await call(conn, (sdk) => sdk.classifications.getTaskClassifications()));
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
