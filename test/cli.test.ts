/**
 * The CLI as a person runs it: a real `taskshare serve` process, then keys, snapshot, config, and a
 * graceful stop with requests in flight.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, waitFor } from '../bench/util.ts';
import { SETTINGS, type SettingName, settingChoices, settingDefault } from '../src/config/index.ts';
import { CLI } from './helpers/cli.ts';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';
import { haveScript, onTerminal, redraws, render } from './helpers/terminal.ts';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The CLI as a child that does not block this process: needed when the server runs in it. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
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
  it('wrong usage exits 2 with one line: what is wrong, and which --help to run', () => {
    const none = cli([]);
    assert.equal(none.code, 2);
    assert.match(none.err, /^Usage: taskshare /);
    const cases: Array<[string[], RegExp]> = [
      [['nope'], /^taskshare: unknown command 'nope'; run "taskshare --help" for usage$/],
      [['serve', '--prot', '1'], /^taskshare: unknown option '--prot' \(did you mean --port\?\); run "taskshare serve --help" for usage$/],
      [['keys', 'create'], /^taskshare: required option '--account <name>' not specified; run "taskshare keys create --help" for usage$/],
      [
        ['keys', 'create', '--account', 'a', '--scope', 'root'],
        /argument 'root' is invalid\. Allowed choices are read, ingest, admin; run /,
      ],
    ];
    for (const [args, expected] of cases) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err.trimEnd(), expected);
      assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
    }
  });

  it('a bad setting stops the start, naming the setting and what it accepts', () => {
    // A flag outside its choices is wrong usage; a bad variable is a configuration error naming it.
    const r = cli(['serve', '--port', '0', '--data', join(tmpdir(), 'never'), '--llm-mode', 'sometimes']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--llm-mode <value>' argument 'sometimes' is invalid\. Allowed choices are off, low-confidence, all/);
    assert.match(r.err, /run "taskshare serve --help" for usage/);
    const env = cli(['serve'], { TASKSHARE_LLM_MODE: 'sometimes', TASKSHARE_DATA_DIR: join(tmpdir(), 'never') });
    assert.equal(env.code, 1);
    assert.match(env.err, /TASKSHARE_LLM_MODE \(--llm-mode\) is invalid: one of "off", "low-confidence", "all"; got "sometimes"/);
    const rate = cli(['serve'], { TASKSHARE_RATE_LIMIT_PER_MINUTE: 'lots', TASKSHARE_DATA_DIR: join(tmpdir(), 'never') });
    assert.match(rate.err, /TASKSHARE_RATE_LIMIT_PER_MINUTE/);
  });

  it('an LLM mode without an LLM URL stops the start (and classify) with one line', () => {
    const data = join(tmpdir(), 'never');
    for (const [args, env] of [
      [['serve', '--port', '0', '--data', data, '--llm-mode', 'all'], {}],
      [['serve', '--port', '0', '--data', data], { TASKSHARE_LLM_MODE: 'low-confidence' }],
      [['classify', '-'], { TASKSHARE_LLM_MODE: 'all' }],
    ] as Array<[string[], Record<string, string>]>) {
      const r = cli(args, env);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(
        r.err,
        /^taskshare: invalid configuration: TASKSHARE_LLM_MODE \(--llm-mode\) is "[a-z-]+" but TASKSHARE_LLM_URL .* is not set: /,
      );
      assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
    }
    assert.equal(cli(['classify', '-'], { TASKSHARE_LLM_MODE: 'all', TASKSHARE_LLM_URL: 'http://127.0.0.1:1/v1' }).code, 0);
  });

  it('config --json has one row per setting with the names of the table, values typed, secrets masked', () => {
    const r = cli(['config', '--json', '--top-models', '5'], {
      TASKSHARE_LLM_KEY: 'sk-very-secret',
      TASKSHARE_REDIS_URL: 'redis://:pw@127.0.0.1:6379',
    });
    assert.equal(r.code, 0, r.err);
    const rows = JSON.parse(r.out) as Array<{ setting: string; env: string; value: unknown }>;
    const value = (setting: string) => rows.find((row) => row.setting === setting)?.value;
    assert.equal(value('topModels'), 5);
    assert.equal(value('port'), 8080);
    assert.equal(value('banner'), true);
    assert.equal(value('llmKey'), '****');
    assert.equal(value('redisUrl'), '****');
    assert.ok(!r.out.includes('sk-very-secret'));
    const table = cli(['config', '--top-models', '5']).out.trim().split('\n');
    assert.match(table[0]!, /^SETTING\s+ENV\s+VALUE$/);
    const fromTable = table.slice(1).map((line) => line.split(/\s+/));
    assert.deepEqual(
      fromTable.map(([setting, env]) => ({ setting, env })),
      rows.map(({ setting, env }) => ({ setting, env })),
    );
    assert.deepEqual(
      fromTable.find(([setting]) => setting === 'topModels'),
      ['topModels', 'TASKSHARE_TOP_MODELS', '5'],
    );
  });

  it('an unknown TASKSHARE_ variable is a warning naming the closest known one', () => {
    const r = cli(['config', '--json'], { TASKSHARE_SAMPLERATE: '0.5', TASKSHARE_PORT: '9000' });
    assert.equal(r.code, 0, r.err);
    const warnings = r.err.trimEnd().split('\n');
    assert.deepEqual(warnings, [
      'taskshare: warning: TASKSHARE_PORT is not a taskshare variable and is ignored; did you mean PORT?',
      'taskshare: warning: TASKSHARE_SAMPLERATE is not a taskshare variable and is ignored; did you mean TASKSHARE_SAMPLE_RATE?',
    ]);
    const rows = JSON.parse(r.out) as Array<{ setting: string; value: unknown }>;
    assert.equal(rows.find((row) => row.setting === 'sampleRate')?.value, 1, 'the misspelt variable is not used');
    assert.equal(cli(['config'], { TASKSHARE_URL: 'http://x', TASKSHARE_INGEST_KEY: 'k' }).err, '', 'the CLI variables are known');
  });

  it('taskshare --version prints the version', () => {
    const r = cli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.out.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

/** --help of `args`, with the lines a long description wraps onto joined back. */
function help(args: string[]): string {
  const r = cli([...args, '--help']);
  assert.equal(r.code, 0, r.err);
  return r.out.replace(/\n {4,}/g, ' ');
}

/** The help text of one option: from its flag to the next option. */
const optionHelp = (text: string, flag: string) =>
  new RegExp(`^ +${flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*$`, 'm').exec(text)?.[0] ?? '';

describe('CLI help', () => {
  it('every setting flag shows its variable, its default and, for a fixed list, its choices', () => {
    const text = help(['serve']);
    for (const [name, s] of Object.entries(SETTINGS)) {
      if (name === 'demo' || name === 'banner') continue;
      const line = optionHelp(text, `--${s.flag} <value>`);
      assert.ok(line.includes(`[env ${s.env}]`), `${s.flag}: ${line}`);
      const fallback = settingDefault(name as SettingName);
      if (fallback !== undefined) assert.match(line, /default: /, s.flag);
      const choices = settingChoices(name as SettingName);
      if (choices) assert.ok(line.includes(`choices: ${choices.map((c) => JSON.stringify(c)).join(', ')}`), `${s.flag}: ${line}`);
    }
    assert.match(optionHelp(text, '--port <value>'), /\(default: 8080\)$/);
    assert.match(optionHelp(text, '--llm-mode <value>'), /\(choices: "off", "low-confidence", "all", default: "off"\)$/);
    assert.match(optionHelp(text, '--llm-url <value>'), /\(default: none\)$/);
  });

  it('classify --help lists only the settings classify uses', () => {
    const text = help(['classify']);
    const flags = [...text.matchAll(/^ +(--[a-z-]+)/gm)].map((m) => m[1]);
    assert.deepEqual(flags.sort(), [
      '--classifier-threshold',
      '--llm-concurrency',
      '--llm-key',
      '--llm-mode',
      '--llm-model',
      '--llm-retries',
      '--llm-timeout-ms',
      '--llm-url',
    ]);
  });

  it('every command that talks to a server takes --url and --key, each with its variable', () => {
    const commands: Array<[string[], string]> = [
      [['keys', 'create'], 'TASKSHARE_ADMIN_KEY'],
      [['keys', 'list'], 'TASKSHARE_ADMIN_KEY'],
      [['keys', 'revoke'], 'TASKSHARE_ADMIN_KEY'],
      [['demo', 'remove'], 'TASKSHARE_ADMIN_KEY'],
      [['snapshot'], 'TASKSHARE_KEY'],
      [['ingest'], 'TASKSHARE_INGEST_KEY'],
      [['proxy'], 'TASKSHARE_INGEST_KEY'],
    ];
    for (const [args, variable] of commands) {
      const text = help(args);
      assert.match(optionHelp(text, '--url <url>'), /\(default: "http:\/\/127\.0\.0\.1:8080", env: TASKSHARE_URL\)$/, args.join(' '));
      assert.match(optionHelp(text, '--key <key>'), new RegExp(`\\(env: ${variable}\\)$`), args.join(' '));
    }
  });
});

describe('CLI against a server given by --url and --key, or by their variables', () => {
  let server: TestServer;
  let file: string;
  const dead = 'http://127.0.0.1:1';
  before(async () => {
    server = await startTestServer();
    const yesterday = Date.now() - 86_400_000;
    const events = ['math', 'math', 'translation'].map((tag, i) => taggedEvent(`url-${i}`, { tag, timestamp: yesterday }));
    assert.equal((await postEvents(server.url, server.adminKey, events)).status, 200);
    file = join(server.dataDir, 'more.ndjson');
    writeFileSync(file, `${JSON.stringify(taggedEvent('url-file', { timestamp: yesterday }))}\n`);
  });
  after(() => server.stop());

  it('each command works with --url and --key, whatever TASKSHARE_URL says, and with no data directory', async () => {
    const env = { TASKSHARE_URL: dead, TASKSHARE_DATA_DIR: join(tmpdir(), 'nowhere') };
    const flags = (key: string) => ['--url', server.url, '--key', key];
    const ingestKey = await server.createKey('url-ingest', ['ingest']);
    const created = await run(['keys', 'create', '--account', 'by-flag', ...flags(server.adminKey)], env);
    assert.equal(created.code, 0, created.err);
    const list = await run(['keys', 'list', '--json', ...flags(server.adminKey)], env);
    assert.equal(list.code, 0, list.err);
    const id = (JSON.parse(list.out) as Array<{ id: string; account: string }>).find((k) => k.account === 'by-flag')!.id;
    assert.equal((await run(['keys', 'revoke', id, ...flags(server.adminKey)], env)).code, 0);
    const snapshot = await run(['snapshot', '--json', ...flags(server.readKey)], env);
    assert.equal(snapshot.code, 0, snapshot.err);
    const ingest = await run(['ingest', file, '--json', ...flags(ingestKey)], env);
    assert.equal(ingest.code, 0, ingest.err);
    assert.equal((JSON.parse(ingest.out) as { accepted: number }).accepted, 1);
    const demo = await run(['demo', 'remove', ...flags(server.adminKey)], env);
    assert.equal(demo.code, 0, demo.err);
  });

  it('and with TASKSHARE_URL and the key variables instead', async () => {
    const ingestKey = await server.createKey('env-ingest', ['ingest']);
    const base = { TASKSHARE_URL: server.url, TASKSHARE_DATA_DIR: join(tmpdir(), 'nowhere') };
    assert.equal((await run(['keys', 'list'], { ...base, TASKSHARE_ADMIN_KEY: server.adminKey })).code, 0);
    assert.equal((await run(['snapshot'], { ...base, TASKSHARE_KEY: server.readKey })).code, 0);
    const ingest = await run(['ingest', file, '--quiet'], { ...base, TASKSHARE_INGEST_KEY: ingestKey });
    assert.equal(ingest.code, 0, ingest.err);
    // --url wins over the variable.
    assert.equal((await run(['snapshot', '--url', dead], { ...base, TASKSHARE_KEY: server.readKey })).code, 1);
  });

  it('a refused key is named by where it came from', async () => {
    const env = { TASKSHARE_URL: server.url, TASKSHARE_DATA_DIR: join(tmpdir(), 'nowhere') };
    const flag = await run(['snapshot', '--key', 'tsk_not-a-key-at-all'], env);
    assert.equal(flag.code, 1);
    assert.match(flag.err, /refused the key from --key \(401: .*\); pass another key with --key, or leave --key out to use the admin key/);
    const variable = await run(['snapshot'], { ...env, TASKSHARE_KEY: 'tsk_not-a-key-at-all' });
    assert.match(variable.err, /refused the key from TASKSHARE_KEY \(401: .*\); .* unset TASKSHARE_KEY to use the admin key/);
    const ingest = await run(['ingest', file], { ...env, TASKSHARE_INGEST_KEY: 'tsk_not-a-key-at-all' });
    assert.equal(ingest.code, 1);
    assert.match(ingest.err, /refused the key from TASKSHARE_INGEST_KEY \(401: /);
  });

  it("snapshot --csv prints the server's own CSV of the 7-day window", async () => {
    const r = await run(['snapshot', '--csv', '--url', server.url, '--key', server.readKey]);
    assert.equal(r.code, 0, r.err);
    const res = await server.get('/api/v1/taskshare/classifications?format=csv');
    assert.equal(r.out, await res.text());
    const [header, ...rows] = r.out.trimEnd().split('\r\n');
    assert.match(header!, /^as_of,from,to,window_days,app,tag,display_name,macro_category,model,usage_share,token_share,/);
    assert.ok(rows.some((row) => row.includes(',math,Math,')));
    const both = await run(['snapshot', '--csv', '--json', '--url', server.url, '--key', server.readKey]);
    assert.equal(both.code, 2);
    assert.match(both.err, /option '--(csv|json)' cannot be used with option '--(csv|json)'/);
  });
});

describe('admin keys you cannot lose by accident', () => {
  let dataDir: string;
  let server: TestServer;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'taskshare-keys-'));
    server = await startTestServer({}, { dataDir });
  });
  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const keyList = async (key: string) =>
    JSON.parse((await run(['keys', 'list', '--json', '--url', server.url, '--key', key])).out) as Array<{
      id: string;
      account: string;
      scopes: string[];
    }>;

  it('revoking the key the CLI uses, or the last admin key, asks for --force', async () => {
    const env = { TASKSHARE_URL: server.url, TASKSHARE_DATA_DIR: dataDir };
    const bootstrap = (await keyList(server.adminKey)).find((k) => k.account === 'admin')!.id;
    // The admin key in the data directory is the only admin key.
    const last = await run(['keys', 'revoke', bootstrap], env);
    assert.equal(last.code, 1);
    assert.equal(
      last.err,
      `taskshare: not revoked: ${bootstrap} is the last active admin key: without one no admin command works until a new one is ` +
        'made (see "Admin keys" in docs/cli.md); pass --force to revoke it anyway\n',
    );
    // With a second admin key, its own key is still protected, and the other one may go.
    const second = await server.createKey('ops', ['admin']);
    const secondId = (await keyList(second)).find((k) => k.account === 'ops')!.id;
    const own = await run(['keys', 'revoke', secondId, '--key', second], env);
    assert.equal(own.code, 1);
    assert.match(own.err, new RegExp(`^taskshare: not revoked: ${secondId} is the key this command uses \\(--key\\): .*--force`));
    assert.equal((await run(['keys', 'revoke', bootstrap, '--key', second], env)).code, 0);
    assert.equal((await keyList(second)).length, 3, 'nothing else was revoked');
    // The data directory's key is now revoked: the 401 names its file and how to get a new one.
    const refused = await run(['keys', 'list'], env);
    assert.equal(refused.code, 1);
    const file = join(dataDir, 'admin.key');
    assert.ok(refused.err.startsWith(`taskshare: ${server.url} refused the key in ${file} (401: `), refused.err);
    assert.ok(refused.err.includes(`restart the server: at start it writes a new admin key to ${file} when the one there no longer works`));
    assert.equal(refused.err.split('\n').length, 2, 'one line');
    // The last one, with --force.
    assert.equal((await run(['keys', 'revoke', secondId, '--key', second], env)).code, 1);
    assert.equal((await run(['keys', 'revoke', secondId, '--key', second, '--force'], env)).code, 0);
  });

  it('at restart the server replaces an admin key that no longer works, in the same file', async () => {
    const file = join(dataDir, 'admin.key');
    const before = readFileSync(file, 'utf8');
    await server.stop();
    server = await startTestServer({}, { dataDir });
    const after = readFileSync(file, 'utf8');
    assert.notEqual(after, before);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const r = await run(['keys', 'list'], { TASKSHARE_URL: server.url, TASKSHARE_DATA_DIR: dataDir });
    assert.equal(r.code, 0, r.err);
    // A key that still works is kept as it is.
    await server.stop();
    server = await startTestServer({}, { dataDir });
    assert.equal(readFileSync(file, 'utf8'), after);
  });
});

describe('taskshare ingest on a terminal', { skip: !haveScript() && !process.env.CI ? 'needs util-linux script' : false }, () => {
  let server: TestServer;
  let file: string;
  before(async () => {
    // 60 events a minute: the second batch waits for the limit, so the bar shows every field, and the wait.
    server = await startTestServer({ ingestEventsPerSecond: 1 });
    file = join(server.dataDir, 'slow.ndjson');
    const day = Date.now() - 86_400_000;
    writeFileSync(file, Array.from({ length: 400 }, (_, i) => JSON.stringify(taggedEvent(`tty-${i}`, { timestamp: day }))).join('\n'));
  });
  after(() => server.stop());

  it('the progress line fits 80 columns, and after Ctrl-C the summary starts on a clean line', async () => {
    const key = await server.createKey('tty', ['ingest']);
    const tty = onTerminal([process.execPath, ...CLI, 'ingest', file, '--batch-size', '50'], 80, {
      TASKSHARE_URL: server.url,
      TASKSHARE_INGEST_KEY: key,
    });
    for (let i = 0; i < 300 && !/retrying in \d+ s/.test(tty.output()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(tty.output(), /retrying in \d+ s/, tty.output());
    tty.type('\x03');
    assert.equal(await tty.exit, 130);
    const frames = redraws(tty.output());
    assert.ok(frames.length > 0, tty.output());
    for (const f of frames) assert.ok(f.length < 80, `${f.length} columns: ${f}`);
    assert.ok(
      frames.some((f) => /^[\u2588\u2591]+ \d+% \| /.test(f)),
      'the bar is drawn',
    );
    assert.ok(
      frames.some((f) => /\d+% \| [\d,]+ events \| .*retrying in \d+ s/.test(f)),
      'the wait is shown',
    );
    const lines = render(tty.output());
    const at = lines.findIndex((l) => l.startsWith('Stopping: '));
    assert.equal(lines[at], 'Stopping: the requests in flight, if any, may finish (Ctrl-C again to abort them)...');
    assert.equal(lines[at + 1], 'Interrupted; partial summary:');
    assert.match(lines[at + 2]!, /^ {2}files {8}1 \(/);
    assert.ok(!lines.some((l) => l.includes('^C')), 'the echoed ^C went with the bar');
    assert.ok(!lines.some((l) => /\d+% \|/.test(l)), 'and so did the bar');
  });
});
