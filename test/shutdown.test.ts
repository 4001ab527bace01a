/**
 * Stopping: a request that never finishes holds the first SIGTERM only up to the shutdown timeout;
 * a second signal exits at once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { freePort, waitFor } from '../bench/util.ts';
import { CLI } from './helpers/cli.ts';

async function serverWithStuckRequest(timeoutMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-stop-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...CLI, 'serve', '--port', String(port), '--data', dir, '--no-demo', '--no-banner', '--shutdown-timeout-ms', String(timeoutMs)],
    { stdio: 'ignore' },
  );
  await waitFor(`http://127.0.0.1:${port}/healthz`);
  const key = readFileSync(join(dir, 'admin.key'), 'utf8').trim();
  // Headers and half a body: the request stays in flight until the server gives up on it.
  const socket: Socket = await new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
  });
  socket.on('error', () => undefined);
  socket.write(
    `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
      `Content-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n{"id":`,
  );
  await new Promise((r) => setTimeout(r, 100));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exit, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

it('a stuck request holds SIGTERM only up to the shutdown timeout, then exit 0', async () => {
  const s = await serverWithStuckRequest(500);
  try {
    // Without the bound the stuck request would hold the process forever (and the test would time out).
    s.child.kill('SIGTERM');
    assert.equal(await s.exit, 0);
  } finally {
    s.cleanup();
  }
});

it('a second signal exits at once, non-zero', async () => {
  const s = await serverWithStuckRequest(60_000);
  try {
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(s.child.exitCode, null, 'still waiting for the stuck request');
    s.child.kill('SIGINT');
    assert.equal(await s.exit, 1);
  } finally {
    s.cleanup();
  }
});
