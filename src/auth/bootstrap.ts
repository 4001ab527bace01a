/**
 * First-start keys and secrets: the admin key the CLI uses, a read key for trying the endpoint, and
 * the secret that keys the hash of end-user ids. The key files are kept in the data directory with
 * mode 0600; a file whose key no longer works (store wiped, key revoked) is replaced.
 *
 * On a store several servers share (PostgreSQL) they must be made once for all of them, not once per
 * server: the secret lives in the store (so a user hashes the same everywhere), and the bootstrap keys
 * are made by the first server to start (under the store's lock), whose data directory then holds them;
 * the others print where they are instead of adding keys of their own.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scope, Store } from '../store/interface.ts';
import type { KeyService } from './keys.ts';

export const ADMIN_KEY_FILE = 'admin.key';
export const READ_KEY_FILE = 'read.key';
const SECRET_FILE = 'secret';
/** Meta rows of a shared store. */
const SECRET_META = 'user_hash_secret';
const keyMeta = (file: string) => `bootstrap_key:${file}`;

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

export interface Bootstrap {
  /** Undefined on a shared store whose keys another server made (they are in its data directory). */
  adminKey: string | undefined;
  readKey: string | undefined;
  userHashKey: Buffer;
}

const ADMIN = { file: ADMIN_KEY_FILE, account: 'admin', scopes: ['admin', 'read', 'ingest'] as Scope[] };
const READ = { file: READ_KEY_FILE, account: 'local', scopes: ['read'] as Scope[] };

export async function bootstrap(dataDir: string, keys: KeyService, store: Store): Promise<Bootstrap> {
  if (!store.shared || !store.exclusive) {
    return {
      adminKey: await ensureAdminKey(dataDir, keys),
      readKey: await ensureReadKey(dataDir, keys),
      userHashKey: ensureSecret(dataDir),
    };
  }
  return store.exclusive('bootstrap', async () => ({
    userHashKey: await sharedSecret(dataDir, store),
    adminKey: await sharedKey(dataDir, keys, store, ADMIN),
    readKey: await sharedKey(dataDir, keys, store, READ),
  }));
}

/** The store's secret; the first server makes it, from its own secret file if it has one (a store that had per-server secrets). */
async function sharedSecret(dataDir: string, store: Store): Promise<Buffer> {
  const stored = await store.getMeta(SECRET_META);
  if (stored) return Buffer.from(stored, 'hex');
  const path = join(dataDir, SECRET_FILE);
  const secret = existsSync(path) ? readFileSync(path) : randomBytes(32);
  await store.setMeta(SECRET_META, secret.toString('hex'));
  return secret;
}

async function sharedKey(dataDir: string, keys: KeyService, store: Store, k: typeof ADMIN): Promise<string | undefined> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, k.file);
  const made = await store.getMeta(keyMeta(k.file));
  if (existsSync(path)) {
    const key = readFileSync(path, 'utf8').trim();
    if ((await keys.authenticate(`Bearer ${key}`)).kind === 'valid') {
      if (!made) await store.setMeta(keyMeta(k.file), 'adopted');
      return key;
    }
  }
  if (made) return undefined; // another server made it: its data directory holds it
  const { key, record } = await keys.create(k.account, k.scopes);
  writePrivate(path, `${key}\n`);
  await store.setMeta(keyMeta(k.file), record.id);
  return key;
}
