/**
 * The data directory holds key hashes, user hashes, app names and the secret: it is made 0700 and the
 * files in it 0600, also when an older version (or a umask of 022) left them readable to everyone.
 */
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * The files taskshare keeps there (the store's file and write-ahead log, auth/bootstrap.ts's keys and
 * secret); only these are changed, in case the directory holds files of someone else's too.
 */
const OURS = /^(taskshare\.duckdb(\.wal)?|admin\.key|read\.key|secret)$/;

export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE); // the mode above is ignored when the directory already existed
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (OURS.test(name) && statSync(path).isFile()) chmodSync(path, PRIVATE_FILE_MODE);
  }
}

/**
 * Runs `open` with a umask of 077, so the files it creates (DuckDB's database file) are 0600 from the
 * start. The umask is process-wide: the serve command sets it for the whole process as well, for the
 * files DuckDB creates later (its write-ahead log).
 */
export async function withPrivateUmask<T>(open: () => Promise<T>): Promise<T> {
  const previous = process.umask(0o077);
  try {
    return await open();
  } finally {
    process.umask(previous);
  }
}
