/**
 * The CLI as a person runs it: a real `taskshare serve` process, then keys, snapshot, config, and a
 * graceful stop with requests in flight.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, waitFor } from '../bench/util.ts';
import { CLI } from './helpers/cli.ts';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function serve(args: string[]): { child: ChildProcess; stdout: string[]; stderr: string[] } {
  const child = spawn(process.execPath, [...CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on('data', (d) => stdout.push(String(d)));
  child.stderr!.on('data', (d) => stderr.push(String(d)));
  return { child, stdout, stderr };
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

describe('taskshare CLI against a running server', () => {
  let dir: string;
  let url: string;
  let server: ReturnType<typeof serve>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taskshare-cli-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = serve(['--port', String(port), '--data', dir]);
    await waitFor(`${url}/healthz`);
  });
  after(async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await exitOf(server.child);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the demo into an empty store, says so, and prints a read key and a curl line', async () => {
    for (let i = 0; i < 50 && !server.stdout.join('').includes('listening'); i++) await new Promise((r) => setTimeout(r, 100));
    const logs = server.stdout.join('');
    assert.match(logs, /loaded the demo dataset/);
    const banner = server.stderr.join('');
    const readKey = readFileSync(join(dir, 'read.key'), 'utf8').trim();
    assert.ok(banner.includes(`curl -s -H "Authorization: Bearer ${readKey}" ${url}/api/v1/classifications/task`));
    assert.equal(statSync(join(dir, 'admin.key')).mode & 0o777, 0o600);
    assert.ok(!logs.includes(readKey), 'no key in the JSON logs');
    const body = (await (
      await fetch(`${url}/api/v1/classifications/task`, { headers: { authorization: `Bearer ${readKey}` } })
    ).json()) as { data: { classifications: unknown[] } };
    assert.equal(body.data.classifications.length, 30);
  });

  it('keys create / list / revoke through the admin API', async () => {
    const env = { TASKSHARE_URL: url, TASKSHARE_DATA_DIR: dir };
    const created = cli(['keys', 'create', '--account', 'acme', '--scope', 'read'], env);
    assert.equal(created.code, 0, created.err);
    const key = created.out.trim().split('\n').at(-1)!;
    assert.match(key, /^tsk_[A-Za-z0-9_-]{32}$/);
    assert.equal((await fetch(`${url}/api/v1/classifications/task`, { headers: { authorization: `Bearer ${key}` } })).status, 200);
    const list = cli(['keys', 'list', '--json'], env);
    const keys = JSON.parse(list.out) as Array<{ id: string; account: string }>;
    assert.ok(!list.out.includes(key), 'list never shows a key');
    const id = keys.find((k) => k.account === 'acme')!.id;
    assert.equal(cli(['keys', 'revoke', id], env).code, 0);
    assert.equal((await fetch(`${url}/api/v1/classifications/task`, { headers: { authorization: `Bearer ${key}` } })).status, 401);
    assert.equal(cli(['keys', 'revoke', 'key_missing'], env).code, 1);
  });

  it('snapshot prints a table, or the raw JSON', () => {
    const env = { TASKSHARE_URL: url, TASKSHARE_DATA_DIR: dir };
    const table = cli(['snapshot'], env);
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /TASK\s+TAG\s+CATEGORY\s+REQUESTS/);
    assert.match(table.out, /Code Generation\s+code:general_impl/);
    const json = JSON.parse(cli(['snapshot', '--json'], env).out) as { data: { window_days: number } };
    assert.equal(json.data.window_days, 7);
  });

  it('SIGTERM with requests in flight: they finish, the store closes, exit 0', async () => {
    const env = { TASKSHARE_URL: url, TASKSHARE_DATA_DIR: dir };
    const key = cli(['keys', 'create', '--account', 'bulk', '--scope', 'ingest'], env).out.trim().split('\n').at(-1)!;
    const now = Date.now() - 86_400_000;
    const body = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ id: `inflight-${i}`, timestamp: now, usage: { prompt_tokens: 1, completion_tokens: 1 }, tag: 'math' }),
    ).join('\n');
    const inFlight = fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    await new Promise((r) => setTimeout(r, 30));
    server.child.kill('SIGTERM');
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { data: { accepted: number } }).data.accepted, 10_000);
    assert.equal(await exitOf(server.child), 0);
    assert.match(server.stdout.join(''), /taskshare stopped/);
  });
});

describe('CLI usage and configuration', () => {
  it('wrong usage prints usage and exits 2', () => {
    for (const args of [[], ['nope'], ['keys', 'create'], ['keys', 'create', '--account', 'a', '--scope', 'root']]) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /Usage|error/i);
    }
  });

  it('a bad setting stops the start, naming the setting and what it accepts', () => {
    const r = cli(['serve', '--port', '0', '--data', join(tmpdir(), 'never'), '--llm-mode', 'sometimes']);
    assert.equal(r.code, 1);
    assert.match(r.err, /TASKSHARE_LLM_MODE \(--llm-mode\) is invalid: one of "off", "low-confidence", "all"; got "sometimes"/);
    const env = cli(['serve'], { TASKSHARE_RATE_LIMIT_PER_MINUTE: 'lots', TASKSHARE_DATA_DIR: join(tmpdir(), 'never') });
    assert.match(env.err, /TASKSHARE_RATE_LIMIT_PER_MINUTE/);
  });

  it('config prints the effective settings with secrets masked', () => {
    const r = cli(['config', '--json', '--top-models', '5'], {
      TASKSHARE_LLM_KEY: 'sk-very-secret',
      TASKSHARE_REDIS_URL: 'redis://:pw@127.0.0.1:6379',
    });
    assert.equal(r.code, 0, r.err);
    const config = JSON.parse(r.out) as Record<string, string>;
    assert.equal(config.TASKSHARE_TOP_MODELS, '5');
    assert.equal(config.TASKSHARE_LLM_KEY, '****');
    assert.equal(config.TASKSHARE_REDIS_URL, '****');
    assert.ok(!r.out.includes('sk-very-secret'));
  });
});
