/**
 * Which server a command talks to and with which key, the same way for every command: `--url`, else
 * TASKSHARE_URL, else http://127.0.0.1:8080; `--key`, else the command's variable, else (where the
 * admin key will do) `<data>/admin.key`. Where the key came from is kept, so a refused key can be named.
 *
 * @example
 * keys.command('list').addOption(urlOption()).addOption(keyOption('TASKSHARE_ADMIN_KEY', 'admin key')).addOption(dataOption());
 * const conn = connection(command, { adminFallback: true }); // { url, key, keySource: '/srv/data/admin.key', ... }
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { ADMIN_KEY_FILE } from '../auth/bootstrap.ts';
import { CliError } from './errors.ts';

export const DEFAULT_URL = 'http://127.0.0.1:8080';
const DEFAULT_DATA = './data';

export interface Connection {
  url: string;
  key: string;
  /** `--key`, the variable's name, or the key file's path: what a person should look at when it is refused. */
  keySource: string;
  /** Set when the key is the admin key (its file or TASKSHARE_ADMIN_KEY): a refusal is then explained. */
  admin: boolean;
  /** The data directory whose admin.key the CLI uses or would use. */
  dataDir: string;
}

export const urlOption = () =>
  new Option('--url <url>', 'server URL')
    .env('TASKSHARE_URL')
    .default(DEFAULT_URL)
    .argParser((v) => v.replace(/\/+$/, ''));

export const keyOption = (variable: string, what: string) => new Option('--key <key>', what).env(variable);

export const dataOption = () =>
  new Option('--data <dir>', `data directory holding ${ADMIN_KEY_FILE}, for the admin key`).env('TASKSHARE_DATA_DIR').default(DEFAULT_DATA);

/** Adds --url, --key (from `variable`) and --data to a command that talks to the server. */
export function connectionOptions(command: Command, variable: string, what: string): Command {
  return command.addOption(urlOption()).addOption(keyOption(variable, what)).addOption(dataOption());
}

function readAdminKey(dataDir: string): Connection {
  const path = resolve(join(dataDir, ADMIN_KEY_FILE));
  let key: string;
  try {
    key = readFileSync(path, 'utf8').trim();
  } catch {
    throw new CliError(
      `no admin key: ${path} cannot be read; pass --key, set TASKSHARE_ADMIN_KEY, or run the server once so that it writes it`,
    );
  }
  return { url: '', key, keySource: path, admin: true, dataDir };
}

/**
 * The connection from a command's --url, --key and --data. Without a key, the admin key: from
 * TASKSHARE_ADMIN_KEY (when the command's own variable is another), else from `<data>/admin.key`.
 */
export function connection(command: Command, options: { adminFallback: boolean }): Connection {
  const opts = command.opts<{ url: string; key?: string; data: string }>();
  const url = opts.url;
  const dataDir = opts.data;
  const key = opts.key?.trim();
  if (key) {
    const variable = command.options.find((o) => o.long === '--key')?.envVar;
    const fromEnv = command.getOptionValueSource('key') === 'env';
    return { url, key, keySource: fromEnv ? variable! : '--key', admin: variable === 'TASKSHARE_ADMIN_KEY', dataDir };
  }
  if (!options.adminFallback) throw new CliError('no key: pass --key or set the variable --help names');
  const fromEnv = process.env.TASKSHARE_ADMIN_KEY?.trim();
  if (fromEnv) return { url, key: fromEnv, keySource: 'TASKSHARE_ADMIN_KEY', admin: true, dataDir };
  return { ...readAdminKey(dataDir), url };
}

/** The one line for a 401: which key was refused, and how to get a working admin key again. */
export function refusedKeyMessage(conn: Connection, serverMessage: string): string {
  const which = conn.keySource.startsWith('/') ? `the key in ${conn.keySource}` : `the key from ${conn.keySource}`;
  const again = conn.admin
    ? `if it was revoked, restart the server: at start it writes a new admin key to ${resolve(conn.dataDir, ADMIN_KEY_FILE)} when ` +
      'the one there no longer works (not on a shared PostgreSQL store: see "Admin keys" in docs/cli.md)'
    : `pass another key with --key, or ${conn.keySource === '--key' ? 'leave --key out' : `unset ${conn.keySource}`} to use the admin key`;
  return `${conn.url} refused ${which} (401: ${serverMessage}); ${again}`;
}
