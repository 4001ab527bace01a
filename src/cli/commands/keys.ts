/** `taskshare keys create|list|revoke`: the admin API, from a terminal. */
import type { ApiKeyInfo, Scope } from '@taskshare/sdk';
import { type Command, Option } from 'commander';
import { CliError, call } from '../client.ts';
import { type Connection, connection, connectionOptions } from '../connection.ts';

interface KeyView {
  id: string;
  account: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  revoked_at: string | null;
  key?: string;
}

const ADMIN_KEY = 'admin key (else <data>/admin.key)';

/** The admin API's own names, as `keys list --json` has always printed them. */
const wireKey = (k: ApiKeyInfo): KeyView => ({
  id: k.id,
  account: k.account,
  prefix: k.prefix,
  scopes: k.scopes,
  created_at: k.createdAt,
  revoked_at: k.revokedAt,
});
const listKeys = async (conn: Connection) => (await call(conn, (sdk) => sdk.keys.list())).data.map(wireKey);

/** Whether a listed key is `conn`'s own: the list shows prefixes, never keys. */
const isOwn = (k: KeyView, conn: Connection) => conn.key.startsWith(k.prefix);

/** Why revoking `id` needs --force, if it does: the CLI would lock itself (or everyone) out. */
export function revokeRisk(id: string, keys: KeyView[], conn: Connection): string | undefined {
  const target = keys.find((k) => k.id === id);
  if (!target || target.revoked_at) return undefined;
  const admins = keys.filter((k) => !k.revoked_at && k.scopes.includes('admin'));
  if (target.scopes.includes('admin') && admins.length === 1)
    return `${id} is the last active admin key: without one no admin command works until a new one is made`;
  if (isOwn(target, conn)) return `${id} is the key this command uses (${conn.keySource}): admin commands would then need another key`;
  return undefined;
}

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('Create, list and revoke API keys (through the running server)');
  const create = keys
    .command('create')
    .description('Create a key; the key is printed alone on the last line')
    .requiredOption('--account <name>', 'account that owns the key (limits per day are per account)')
    .addOption(new Option('--scope <scope...>', 'scopes of the key').choices(['read', 'ingest', 'admin']).default(['read']));
  connectionOptions(create, 'TASKSHARE_ADMIN_KEY', ADMIN_KEY).action(
    async (opts: { account: string; scope: string[] }, command: Command) => {
      const conn = connection(command, { adminFallback: true });
      const { data } = await call(conn, (sdk) => sdk.keys.create({ account: opts.account, scopes: opts.scope as Scope[] }));
      process.stdout.write(
        `Created ${data.id} for account ${data.account} with scopes ${data.scopes.join(',')}. It is shown only now:\n${data.key}\n`,
      );
    },
  );
  const list = keys.command('list').description('List keys (never the keys themselves)').option('--json', 'print JSON');
  connectionOptions(list, 'TASKSHARE_ADMIN_KEY', ADMIN_KEY).action(async (opts: { json?: boolean }, command: Command) => {
    const data = await listKeys(connection(command, { adminFallback: true }));
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
  const revoke = keys
    .command('revoke')
    .description('Revoke a key by id; the key this command uses, or the last admin key, only with --force')
    .argument('<id>', 'key id, as `keys list` shows it')
    .option('--force', 'revoke even the key this command uses or the last active admin key');
  connectionOptions(revoke, 'TASKSHARE_ADMIN_KEY', ADMIN_KEY).action(async (id: string, opts: { force?: boolean }, command: Command) => {
    const conn = connection(command, { adminFallback: true });
    if (!opts.force) {
      const risk = revokeRisk(id, await listKeys(conn), conn);
      if (risk) throw new CliError(`not revoked: ${risk} (see "Admin keys" in docs/cli.md); pass --force to revoke it anyway`);
    }
    await call(conn, (sdk) => sdk.keys.revoke(id));
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
