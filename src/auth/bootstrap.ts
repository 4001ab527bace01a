/**
 * First-start keys and secrets, kept in the data directory with mode 0600: the admin key the CLI
 * uses, a read key for trying the endpoint, and the secret that keys the hash of end-user ids.
 * A file whose key no longer works (store wiped, key revoked) is replaced.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scope } from '../store/interface.ts';
import type { KeyService } from './keys.ts';

export const ADMIN_KEY_FILE = 'admin.key';
export const READ_KEY_FILE = 'read.key';
const SECRET_FILE = 'secret';

function writePrivate(path: string, data: string | Buffer): void {
  writeFileSync(path, data, { mode: 0o600 });
  chmodSync(path, 0o600); // the mode above is ignored when the file already existed
}

async function ensureKey(dataDir: string, file: string, keys: KeyService, account: string, scopes: Scope[]): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, file);
  if (existsSync(path)) {
    const key = readFileSync(path, 'utf8').trim();
    if ((await keys.authenticate(`Bearer ${key}`)).kind === 'valid') return key;
  }
  const { key } = await keys.create(account, scopes);
  writePrivate(path, `${key}\n`);
  return key;
}

export function ensureAdminKey(dataDir: string, keys: KeyService): Promise<string> {
  return ensureKey(dataDir, ADMIN_KEY_FILE, keys, 'admin', ['admin', 'read', 'ingest']);
}

export function ensureReadKey(dataDir: string, keys: KeyService): Promise<string> {
  return ensureKey(dataDir, READ_KEY_FILE, keys, 'local', ['read']);
}

export function ensureSecret(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SECRET_FILE);
  if (existsSync(path)) return readFileSync(path);
  const secret = randomBytes(32);
  writePrivate(path, secret);
  return secret;
}
