/**
 * A server that cannot start says what failed and what to do in one line, exits 1, and prints no
 * stack and no password: port in use, PostgreSQL or Redis unreachable, a second server on one data dir.
 */
// test-needs: postgres
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, stop, waitFor } from '../bench/util.ts';
import { CLI } from './helpers/cli.ts';

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'taskshare-start-'));
  dirs.push(d);
  return d;
};

/** Runs `taskshare serve ARGS` to its exit: the exit code and what it wrote. */
function serve(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, 'serve', '--no-demo', '--no-banner', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function assertOneLine(result: { code: number | null; stderr: string; stdout: string }, pattern: RegExp): void {
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr + result.stdout, /\n\s+at |Error:|secretpw/);
}

describe('start-up failures', () => {
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('port in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      assertOneLine(
        await serve(['--port', String(port), '--data', dataDir()]),
        new RegExp(`^taskshare: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use; .*--port`),
      );
    } finally {
      blocker.close();
    }
  });

  it('PostgreSQL unreachable, its password masked', async () => {
    const port = await freePort(); // nothing listens there: a server that is down
    const url = `postgres://taskshare:secretpw@127.0.0.1:${port}/test`;
    assertOneLine(
      await serve(['--port', '0', '--data', dataDir(), '--store', 'postgres', '--database-url', url]),
      new RegExp(
        `^taskshare: cannot connect to PostgreSQL at postgres://taskshare:\\*\\*\\*\\*@127\\.0\\.0\\.1:${port}/test \\(connect ` +
          `ECONNREFUSED .*\\); .*TASKSHARE_DATABASE_URL`,
      ),
    );
  });

  it('--store duckdb with a database URL', async () => {
    assertOneLine(
      await serve(['--port', '0', '--data', dataDir(), '--store', 'duckdb', '--database-url', 'postgres://u:secretpw@127.0.0.1:1/db']),
      /^taskshare: invalid configuration: TASKSHARE_STORE \(--store\) is "duckdb" but TASKSHARE_DATABASE_URL \(--database-url\) is set: /,
    );
  });

  it('a PostgreSQL schema from a newer taskshare', async () => {
    const { PostgresStore } = await import('../src/store/postgres/postgres-store.ts');
    const { PG_URL } = await import('./helpers/services.ts');
    const schema = `newer_${Date.now().toString(36)}`;
    const store = await PostgresStore.open({ url: PG_URL, schema, poolSize: 1 });
    try {
      await store.execute(`INSERT INTO {s}.schema_migrations (version, description) VALUES (1000, 'from the future')`);
      assertOneLine(
        await serve(['--port', '0', '--data', dataDir(), '--database-url', PG_URL, '--pg-schema', schema]),
        new RegExp(
          `^taskshare: the PostgreSQL \\(schema ${schema}\\) schema is at version 1000, newer than this taskshare knows \\(\\d+\\); ` +
            `.*TASKSHARE_PG_SCHEMA`,
        ),
      );
    } finally {
      await store.dropSchema();
      await store.close();
    }
  });

  it('Redis unreachable, its password masked', async () => {
    const port = await freePort(); // nothing listens there: a server that is down
    assertOneLine(
      await serve(['--port', '0', '--data', dataDir(), '--redis-url', `redis://:secretpw@127.0.0.1:${port}`]),
      new RegExp(
        `^taskshare: cannot connect to Redis at redis://:\\*\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED .*\\); ` +
          `.*TASKSHARE_REDIS_URL`,
      ),
    );
  });

  it('a second server on the same data directory', async () => {
    const dir = dataDir();
    const port = await freePort();
    const first = spawn(process.execPath, [...CLI, 'serve', '--no-demo', '--no-banner', '--port', String(port), '--data', dir], {
      stdio: 'ignore',
    });
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`);
      assertOneLine(
        await serve(['--port', '0', '--data', dir]),
        new RegExp(`^taskshare: the data directory .* is in use by another taskshare server \\(PID ${first.pid}\\); stop that server`),
      );
      // The first server is unharmed.
      const key = readFileSync(join(dir, 'read.key'), 'utf8').trim();
      assert.equal(
        (await fetch(`http://127.0.0.1:${port}/api/v1/classifications/task`, { headers: { authorization: `Bearer ${key}` } })).status,
        200,
      );
    } finally {
      await stop(first);
    }
  });
});
