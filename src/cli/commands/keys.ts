/** `taskshare keys create|list|revoke`: the admin API, from a terminal. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { adminKey, call } from '../client.ts';

interface KeyView {
  id: string;
  account: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  revoked_at: string | null;
  key?: string;
}

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('Create, list and revoke API keys (through the running server)');
  keys
    .command('create')
    .description('Create a key; the key is printed alone on the last line')
    .requiredOption('--account <name>', 'account that owns the key (limits per day are per account)')
    .addOption(new Option('--scope <scope...>', 'scopes of the key').choices(['read', 'ingest', 'admin']).default(['read']))
    .option('--data <dir>', 'data directory holding admin.key')
    .action(async (opts: { account: string; scope: string[]; data?: string }) => {
      const { data } = await call<{ data: KeyView }>('POST', '/api/v1/admin/keys', adminKey(opts.data), {
        account: opts.account,
        scopes: opts.scope,
      });
      process.stdout.write(
        `Created ${data.id} for account ${data.account} with scopes ${data.scopes.join(',')}. It is shown only now:\n${data.key}\n`,
      );
    });
  keys
    .command('list')
    .description('List keys (never the keys themselves)')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'data directory holding admin.key')
    .action(async (opts: { json?: boolean; data?: string }) => {
      const { data } = await call<{ data: KeyView[] }>('GET', '/api/v1/admin/keys', adminKey(opts.data));
      if (opts.json) return void process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      const rows = data.map((k) => [
        k.id,
        k.account,
        `${k.prefix}…`,
        k.scopes.join(','),
        k.created_at.slice(0, 19),
        k.revoked_at ? `revoked ${k.revoked_at.slice(0, 19)}` : 'active',
      ]);
      printTable(['ID', 'ACCOUNT', 'PREFIX', 'SCOPES', 'CREATED', 'STATUS'], rows);
    });
  keys
    .command('revoke')
    .description('Revoke a key by id')
    .argument('<id>', 'key id, as `keys list` shows it')
    .option('--data <dir>', 'data directory holding admin.key')
    .action(async (id: string, opts: { data?: string }) => {
      await call('DELETE', `/api/v1/admin/keys/${encodeURIComponent(id)}`, adminKey(opts.data));
      process.stdout.write(`Revoked ${id}\n`);
    });
}

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows])
    process.stdout.write(
      `${row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
}
