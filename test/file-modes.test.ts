/**
 * The data directory holds key hashes, user hashes and app names: it is 0700 and every file in it
 * 0600 (DuckDB's file and write-ahead log, the key files, the secret), also when an older version
 * left them readable to everyone.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { freePort, stop, waitFor } from '../bench/util.ts';
import { CLI } from './helpers/cli.ts';
import { postEvents, taggedEvent } from './helpers/server.ts';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

function modes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, mode(join(dir, name))]));
}

it('taskshare serve keeps its data directory 0700 and its files 0600, the WAL included', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'taskshare-modes-'));
  const dir = join(parent, 'data');
  const port = await freePort();
  // A umask of 022, as most shells have: without care DuckDB's file would be 0644.
  const child = spawn(
    '/bin/sh',
    ['-c', `umask 022 && exec "${process.execPath}" ${CLI.join(' ')} serve --no-demo --no-banner --port ${port} --data "${dir}"`],
    { stdio: 'ignore' },
  );
  try {
    await waitFor(`http://127.0.0.1:${port}/healthz`);
    const admin = readFileSync(join(dir, 'admin.key'), 'utf8').trim();
    assert.equal((await postEvents(`http://127.0.0.1:${port}`, admin, [taggedEvent('mode-1', { app: 'ide', user: 'u1' })])).status, 200);
    const files = modes(dir);
    assert.ok('taskshare.duckdb.wal' in files, `a write-ahead log while running: ${JSON.stringify(files)}`);
    assert.deepEqual(files, Object.fromEntries(Object.keys(files).map((f) => [f, '600'])));
    for (const f of ['taskshare.duckdb', 'admin.key', 'read.key', 'secret']) assert.ok(f in files, f);
    assert.equal(mode(dir), '700');
  } finally {
    await stop(child);
    rmSync(parent, { recursive: true, force: true });
  }
});

it('a data directory left readable by an older version is made private at start', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'taskshare-modes-'));
  const dir = join(parent, 'data');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'secret'), Buffer.alloc(32, 1), { mode: 0o644 });
  chmodSync(join(dir, 'secret'), 0o644);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  chmodSync(join(dir, 'notes.txt'), 0o644);
  const port = await freePort();
  const child = spawn(process.execPath, [...CLI, 'serve', '--no-demo', '--no-banner', '--port', String(port), '--data', dir], {
    stdio: 'ignore',
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/healthz`);
    assert.equal(mode(dir), '700');
    assert.equal(mode(join(dir, 'secret')), '600');
    assert.equal(mode(join(dir, 'taskshare.duckdb')), '600');
    assert.equal(mode(join(dir, 'notes.txt')), '644', "a file that is not taskshare's is left alone");
  } finally {
    await stop(child);
    rmSync(parent, { recursive: true, force: true });
  }
});
