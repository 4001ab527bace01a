/**
 * Nothing acknowledged is lost, nothing is counted twice: kill -9 the server in the middle of an
 * ingest, restart it on the same data, send everything again, and the counts equal one clean ingest.
 * Once over raw HTTP batches, once as a person would: `taskshare ingest FILE`, killed, re-run.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { freePort, waitFor } from '../bench/util.ts';
import { CLI } from './helpers/cli.ts';

const TAGS = ['math', 'translation', 'code:debugging', 'summarization', 'agent:web_search'];
const day = Date.now() - 86_400_000;
const batches = Array.from({ length: 40 }, (_, b) =>
  Array.from({ length: 500 }, (_, i) => {
    const n = b * 500 + i;
    return JSON.stringify({
      id: `crash-${n}`,
      timestamp: day,
      model: `m/${n % 7}`,
      usage: { prompt_tokens: n % 100, completion_tokens: 3 },
      tag: TAGS[n % TAGS.length],
    });
  }).join('\n'),
);

function startServer(dir: string, port: number): ChildProcess {
  return spawn(
    process.execPath,
    [...CLI, 'serve', '--port', String(port), '--data', dir, '--no-demo', '--no-banner', '--rate-limit-per-minute', '100000'],
    { stdio: 'ignore' },
  );
}

/** Resolves when the child has exited, also when it already had (its 'exit' event is gone then). */
function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

async function send(url: string, key: string, body: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    return res.status === 200;
  } catch {
    return false; // the server died under us: not acknowledged
  }
}

async function snapshot(url: string, key: string): Promise<unknown> {
  return (await fetch(`${url}/api/v1/classifications/task`, { headers: { authorization: `Bearer ${key}` } })).json();
}

it('SIGKILL mid-ingest, restart, resend: the same counts as one clean ingest', async () => {
  const crashed = mkdtempSync(join(tmpdir(), 'taskshare-crash-'));
  const clean = mkdtempSync(join(tmpdir(), 'taskshare-clean-'));
  const started: ChildProcess[] = [];
  const start = (dir: string, port: number) => {
    const c = startServer(dir, port);
    started.push(c);
    return c;
  };
  try {
    // The run that crashes: batches go in one after another until the server is killed.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = start(crashed, port);
    await waitFor(`${url}/healthz`);
    const admin = readFileSync(join(crashed, 'admin.key'), 'utf8').trim();
    let acknowledged = 0;
    const sending = (async () => {
      for (const b of batches)
        if (await send(url, admin, b)) acknowledged += 1;
        else break;
    })();
    // Kill it after a few acknowledged batches, however fast or slow this machine is.
    let sent = false;
    void sending.then(() => (sent = true));
    const deadline = Date.now() + 60_000;
    while (acknowledged < 3 && !sent) {
      if (Date.now() > deadline) throw new Error('no batch acknowledged within 60 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    server.kill('SIGKILL');
    await sending;
    await exited(server);
    assert.ok(acknowledged > 0 && acknowledged < batches.length, `killed mid-way (acknowledged ${acknowledged} batches)`);

    server = start(crashed, port);
    await waitFor(`${url}/healthz`);
    const counts = { accepted: 0, duplicates: 0 };
    for (const b of batches) {
      const res = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-ndjson' },
        body: b,
      });
      const { data } = (await res.json()) as { data: { accepted: number; duplicates: number } };
      counts.accepted += data.accepted;
      counts.duplicates += data.duplicates;
    }
    // Every acknowledged batch survived the kill, so its events come back as duplicates now.
    assert.ok(counts.duplicates >= acknowledged * 500, `${counts.duplicates} duplicates, ${acknowledged} batches acknowledged`);
    assert.equal(counts.accepted + counts.duplicates, 20_000);
    const afterCrash = await snapshot(url, admin);
    server.kill('SIGTERM');
    await exited(server);

    // One clean ingest of the same events on a fresh store.
    const port2 = await freePort();
    const url2 = `http://127.0.0.1:${port2}`;
    const second = start(clean, port2);
    await waitFor(`${url2}/healthz`);
    const admin2 = readFileSync(join(clean, 'admin.key'), 'utf8').trim();
    for (const b of batches) assert.ok(await send(url2, admin2, b));
    assert.deepEqual(await snapshot(url2, admin2), afterCrash);
    second.kill('SIGTERM');
    await exited(second);
  } finally {
    for (const c of started)
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
        await exited(c);
      }
    rmSync(crashed, { recursive: true, force: true });
    rmSync(clean, { recursive: true, force: true });
  }
});

it('taskshare ingest FILE, server killed mid-way, restarted, the same command again: exact counts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-crash-cli-'));
  const servers: ChildProcess[] = [];
  try {
    // Large enough that the first run is still going when the server is killed.
    const file = join(dir, 'events.ndjson');
    const lines = Array.from({ length: 100_000 }, (_, n) =>
      JSON.stringify({
        id: `cli-${n}`,
        timestamp: day,
        model: `m/${n % 7}`,
        usage: { prompt_tokens: n % 100, completion_tokens: 3 },
        tag: TAGS[n % TAGS.length],
      }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const ingest = (key: string, target: string) =>
      spawn(process.execPath, [...CLI, 'ingest', file, '--json', '--batch-size', '500', '--retries', '0'], {
        env: { ...process.env, TASKSHARE_URL: target, TASKSHARE_INGEST_KEY: key },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    const report = async (child: ChildProcess) => {
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      const code = await exited(child);
      return { code, json: out ? (JSON.parse(out) as { accepted: number; duplicates: number; rejected: number }) : undefined };
    };

    servers.push(startServer(join(dir, 'data'), port));
    await waitFor(`${url}/healthz`);
    const key = readFileSync(join(dir, 'data', 'admin.key'), 'utf8').trim();
    const first = ingest(key, url);
    const firstDone = report(first);
    // Kill it once some batches are committed and the run is still going, however fast this machine is.
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error('no batch committed within 60 s');
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const accepted = Number(/taskshare_events_total\{outcome="accepted"\} (\d+)/.exec(metrics)?.[1] ?? 0);
      if (accepted >= 2_000 || first.exitCode !== null || first.signalCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    servers[0]!.kill('SIGKILL');
    const firstRun = await firstDone;
    assert.notEqual(firstRun.code, 0, 'the first run fails with the server gone');

    servers.push(startServer(join(dir, 'data'), port));
    await waitFor(`${url}/healthz`);
    const secondRun = await report(ingest(key, url));
    assert.equal(secondRun.code, 0);
    assert.equal(secondRun.json!.rejected, 0);
    assert.equal(secondRun.json!.accepted + secondRun.json!.duplicates, 100_000);
    assert.ok(secondRun.json!.duplicates > 0, 'what the first run committed comes back as duplicates');
    const afterCrash = await snapshot(url, key);

    // The same file into a fresh store, with no crash, gives the same snapshot.
    const port2 = await freePort();
    const url2 = `http://127.0.0.1:${port2}`;
    servers.push(startServer(join(dir, 'clean'), port2));
    await waitFor(`${url2}/healthz`);
    const key2 = readFileSync(join(dir, 'clean', 'admin.key'), 'utf8').trim();
    const cleanRun = await report(ingest(key2, url2));
    assert.equal(cleanRun.json!.accepted, 100_000);
    assert.deepEqual(await snapshot(url2, key2), afterCrash);
  } finally {
    for (const s of servers)
      if (s.exitCode === null && s.signalCode === null) {
        s.kill('SIGKILL');
        await exited(s);
      }
    rmSync(dir, { recursive: true, force: true });
  }
});
