/**
 * The real PostgreSQL and Redis these tests share (this machine's), and throwaway ones a test starts
 * itself when it needs an outage: a redis-server and a PostgreSQL cluster (initdb/pg_ctl) on free
 * ports, stopped and started by the test, never the shared servers.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_URL = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TASKSHARE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Why a test that needs these services cannot run here, or false when it can. Under CI=true they
 * must be there (.ci/run starts them), so nothing skips: a missing service fails the test instead.
 */
export async function servicesMissing(need: { pg?: boolean; redis?: boolean }): Promise<string | false> {
  if (process.env.CI === 'true') return false;
  const missing: string[] = [];
  if (need.pg && !(await reachable(PG_URL))) missing.push(`PostgreSQL at ${PG_URL}`);
  if (need.redis && !(await reachable(REDIS_URL))) missing.push(`Redis at ${REDIS_URL}`);
  return missing.length > 0
    ? `skipped: needs ${missing.join(' and ')} (none reachable here; point TASKSHARE_TEST_DATABASE_URL / TASKSHARE_TEST_REDIS_URL ` +
        `at one; under CI=true this fails instead of skipping)`
    : false;
}

export async function waitUntil(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await ok()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A redis-server of the test's own, keeping nothing on disk. */
export class OwnRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    await waitUntil('redis-server up', () => reachable(this.url), 10_000);
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }
}

function pgBin(name: string): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  for (const v of readdirSync(root).sort().reverse()) if (existsSync(join(root, v, 'bin', name))) return join(root, v, 'bin', name);
  return undefined;
}

/** A PostgreSQL cluster of the test's own (initdb in a temp dir, trust auth), run as `postgres` when we are root. */
export class OwnPostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'taskshare-pg-'));
  constructor(readonly port: number) {}
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static available(): boolean {
    return pgBin('initdb') !== undefined && pgBin('pg_ctl') !== undefined;
  }

  private run(bin: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    const cmd = asRoot ? 'runuser' : pgBin(bin)!;
    const full = asRoot ? ['-u', 'postgres', '--', pgBin(bin)!, ...args] : args;
    const r = spawnSync(cmd, full, { cwd: this.dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr || r.stdout}`);
  }

  init(): void {
    if (process.getuid?.() === 0) {
      const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      chownSync(this.dir, Number(pw.stdout.trim()), Number(gid.stdout.trim()));
    }
    this.run('initdb', ['-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  }

  start(): void {
    this.run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }

  stop(): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      /* already stopped */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
