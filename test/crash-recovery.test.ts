/**
 * Nothing acknowledged is lost, nothing is counted twice: kill -9 the server in the middle of an
 * ingest, restart it on the same data, send everything again, and the counts equal one clean ingest.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { freePort, waitFor } from '../bench/util.ts';

const TAGS = ['math', 'translation', 'code:debugging', 'summarization', 'agent:web_search'];
const day = Date.now() - 86_400_000;
const batches = Array.from({ length: 40 }, (_, b) =>
  Array.from({ length: 500 }, (_, i) => {
    const n = b * 500 + i;
    return JSON.stringify({ id: `crash-${n}`, timestamp: day, model: `m/${n % 7}`, usage: { prompt_tokens: n % 100, completion_tokens: 3 }, tag: TAGS[n % TAGS.length] });
  }).join('\n'));

function start(dir: string, port: number): ChildProcess {
  return spawn(process.execPath, ['bin/taskshare.mjs', 'serve', '--port', String(port), '--data', dir, '--no-demo', '--no-banner', '--rate-limit-per-minute', '100000'], { stdio: 'ignore' });
}

async function send(url: string, key: string, body: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, body });
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
  try {
    // The run that crashes: batches go in one after another until the server is killed.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = start(crashed, port);
    await waitFor(`${url}/healthz`);
    const admin = readFileSync(join(crashed, 'admin.key'), 'utf8').trim();
    let acknowledged = 0;
    const sending = (async () => { for (const b of batches) if (await send(url, admin, b)) acknowledged += 1; else break; })();
    await new Promise((r) => setTimeout(r, 400));
    server.kill('SIGKILL');
    await sending;
    await new Promise((r) => server.once('exit', r));
    assert.ok(acknowledged > 0 && acknowledged < batches.length, `killed mid-way (acknowledged ${acknowledged} batches)`);

    server = start(crashed, port);
    await waitFor(`${url}/healthz`);
    const counts = { accepted: 0, duplicates: 0 };
    for (const b of batches) {
      const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-ndjson' }, body: b });
      const { data } = (await res.json()) as { data: { accepted: number; duplicates: number } };
      counts.accepted += data.accepted;
      counts.duplicates += data.duplicates;
    }
    // Every acknowledged batch survived the kill, so its events come back as duplicates now.
    assert.ok(counts.duplicates >= acknowledged * 500, `${counts.duplicates} duplicates, ${acknowledged} batches acknowledged`);
    assert.equal(counts.accepted + counts.duplicates, 20_000);
    const afterCrash = await snapshot(url, admin);
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));

    // One clean ingest of the same events on a fresh store.
    const port2 = await freePort();
    const url2 = `http://127.0.0.1:${port2}`;
    const second = start(clean, port2);
    await waitFor(`${url2}/healthz`);
    const admin2 = readFileSync(join(clean, 'admin.key'), 'utf8').trim();
    for (const b of batches) assert.ok(await send(url2, admin2, b));
    assert.deepEqual(await snapshot(url2, admin2), afterCrash);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
  } finally {
    rmSync(crashed, { recursive: true, force: true });
    rmSync(clean, { recursive: true, force: true });
  }
});
