/**
 * `taskshare ingest` against a real server: the CLI process for what a user runs, ingestFiles
 * in-process for interruption, and a stub server only where a real one cannot be made to fail (retries).
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ingestFiles } from '../src/cli/ingest/index.ts';
import { loadConfig } from '../src/config/index.ts';
import { type RunningServer, startServer } from '../src/main.ts';
import { CLI } from './helpers/cli.ts';

let dir: string;
let server: RunningServer;
let key: string;
const NOW = Date.now();
/** Put in every bad line: the rejects file must never contain it. */
const SECRET = 'SECRET-PROMPT-TEXT';
const BATCH_BYTES = 65_536;

const event = (id: string, i: number) =>
  JSON.stringify({
    id,
    timestamp: NOW - (i % 200) * 1_000_000,
    model: 'openai/gpt-4.1',
    usage: { prompt_tokens: 10, completion_tokens: 5 },
    tag: 'math',
  });

/** `count` lines with bad ones at fixed line numbers; returns the text and the expected rejects. */
function generate(prefix: string, count: number) {
  const bad: Record<number, { line: string; reason: RegExp; id?: string }> = {
    10: { line: `{"id":"${prefix}-bad1","note":"${SECRET}",`, reason: /invalid JSON/ },
    500: {
      line: JSON.stringify({ timestamp: NOW, usage: { prompt_tokens: 1, completion_tokens: 1 }, tag: 'math', note: SECRET }),
      reason: /missing required field id/,
    },
    1200: {
      line: JSON.stringify({
        id: `${prefix}-neg`,
        timestamp: NOW,
        usage: { prompt_tokens: -3, completion_tokens: 1 },
        tag: 'math',
        note: SECRET,
      }),
      reason: /prompt_tokens/,
      id: `${prefix}-neg`,
    },
    2000: {
      line: JSON.stringify({
        id: `${prefix}-tag`,
        timestamp: NOW,
        usage: { prompt_tokens: 1, completion_tokens: 1 },
        tag: 'astrology',
        note: SECRET,
      }),
      reason: /unknown tag/,
      id: `${prefix}-tag`,
    },
    // Larger than --batch-bytes: rejected by the CLI itself, never sent.
    2500: {
      line: JSON.stringify({
        id: `${prefix}-big`,
        timestamp: NOW,
        usage: { prompt_tokens: 1, completion_tokens: 1 },
        tag: 'math',
        note: SECRET.repeat(5000),
      }),
      reason: /larger than the batch limit/,
      id: `${prefix}-big`,
    },
  };
  const lines: string[] = [];
  let good = 0;
  for (let n = 1; n <= count; n++) {
    if (bad[n]) lines.push(bad[n]!.line);
    else if (n === 1500)
      lines.push('   '); // blank: skipped by both sides, must not shift line numbers
    else {
      lines.push(event(`${prefix}-${n}`, n));
      good += 1;
    }
  }
  return { text: `${lines.join('\n')}\n`, good, bad };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function cli(args: string[], options: { input?: Buffer | string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, 'ingest', ...args], {
      env: { ...process.env, TASKSHARE_URL: server.url, TASKSHARE_INGEST_KEY: key, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const rejectsOf = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; line: number; id?: string; reason: string });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taskshare-cli-ingest-'));
  const config = loadConfig(
    {},
    {
      port: 0,
      dataDir: join(dir, 'data'),
      demo: 'off',
      banner: false,
      logLevel: 'silent',
      rateLimitPerMinute: 10_000,
      rateLimitPerDay: 10_000,
    },
  );
  server = await startServer(config);
  const response = await fetch(`${server.url}/api/v1/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ account: 'cli-test', scopes: ['ingest'] }),
  });
  assert.equal(response.status, 201);
  key = ((await response.json()) as { data: { key: string } }).data.key;
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('ingests a file in batches, reports rejects by file line, and a re-run counts nothing twice', async () => {
  const { text, good, bad } = generate('a', 3000);
  const file = join(dir, 'events.ndjson');
  writeFileSync(file, text);

  const first = await cli([file, '--batch-size', '400', '--batch-bytes', String(BATCH_BYTES), '--json']);
  assert.equal(first.code, 0, first.stderr);
  const report = JSON.parse(first.stdout);
  assert.equal(report.outcome, 'done');
  assert.equal(report.lines, 2999); // 3000 lines, one blank
  assert.equal(report.accepted, good);
  assert.equal(report.duplicates, 0);
  assert.equal(report.sampled_out, 0);
  assert.equal(report.rejected, 5);
  assert.ok(report.batches >= 8, `several batches, got ${report.batches}`);
  assert.equal(await server.store.countEvents(), good);

  const rejectsPath = `${file}.rejects.ndjson`;
  assert.deepEqual(report.rejects_files, [rejectsPath]);
  const rejects = rejectsOf(rejectsPath).sort((x, y) => x.line - y.line);
  assert.deepEqual(
    rejects.map((r) => r.line),
    [10, 500, 1200, 2000, 2500],
  );
  for (const r of rejects) {
    assert.equal(r.file, file);
    assert.match(r.reason, bad[r.line]!.reason);
    if (bad[r.line]!.id) assert.equal(r.id, bad[r.line]!.id);
  }
  assert.ok(!readFileSync(rejectsPath, 'utf8').includes(SECRET), 'the rejects file holds no record content');

  const again = await cli([file, '--batch-size', '700', '--batch-bytes', String(BATCH_BYTES)]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /accepted +0\n/);
  assert.match(again.stdout, new RegExp(`duplicates +${good.toLocaleString('en-US')}\\n`));
  assert.match(again.stdout, /rejected +5 /);
  assert.equal(await server.store.countEvents(), good);
});

test('gzip files and stdin (plain or gzipped) work the same', async () => {
  const before = await server.store.countEvents();
  const gz = generate('g', 3000);
  const gzFile = join(dir, 'events-g.ndjson.gz');
  writeFileSync(gzFile, gzipSync(gz.text));
  const fromGz = await cli([gzFile, '--batch-size', '1000', '--batch-bytes', String(BATCH_BYTES), '--json']);
  assert.equal(fromGz.code, 0, fromGz.stderr);
  assert.deepEqual(pick(JSON.parse(fromGz.stdout)), { outcome: 'done', accepted: gz.good, duplicates: 0, rejected: 5 });
  assert.deepEqual(
    rejectsOf(`${gzFile}.rejects.ndjson`)
      .map((r) => r.line)
      .sort((a, b) => a - b),
    [10, 500, 1200, 2000, 2500],
  );

  const plain = generate('s', 600);
  const rejects = join(dir, 'stdin-rejects.ndjson');
  const fromStdin = await cli(['-', '--rejects', rejects, '--json'], { input: plain.text });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.deepEqual(pick(JSON.parse(fromStdin.stdout)), { outcome: 'done', accepted: plain.good, duplicates: 0, rejected: 2 });
  assert.deepEqual(
    rejectsOf(rejects)
      .map((r) => [r.file, r.line])
      .sort(),
    [
      ['-', 10],
      ['-', 500],
    ],
  );

  // No name to go by: the gzip magic bytes alone say it is compressed.
  const zipped = generate('z', 300);
  const fromGzStdin = await cli(['-', '--rejects', rejects, '--json'], { input: gzipSync(zipped.text) });
  assert.equal(fromGzStdin.code, 0, fromGzStdin.stderr);
  assert.deepEqual(pick(JSON.parse(fromGzStdin.stdout)), { outcome: 'done', accepted: zipped.good, duplicates: 0, rejected: 1 });

  assert.equal(await server.store.countEvents(), before + gz.good + plain.good + zipped.good);
});

const pick = (r: { outcome: string; accepted: number; duplicates: number; rejected: number }) => ({
  outcome: r.outcome,
  accepted: r.accepted,
  duplicates: r.duplicates,
  rejected: r.rejected,
});

test('a wrong key fails with exit 1 and says why; wrong usage exits 2', async () => {
  const file = join(dir, 'small.ndjson');
  writeFileSync(file, `${event('k-1', 1)}\n`);
  const wrongKey = await cli([file], { env: { TASKSHARE_INGEST_KEY: 'ts_not_a_real_key' } });
  assert.equal(wrongKey.code, 1);
  assert.match(wrongKey.stderr, /refused the key from TASKSHARE_INGEST_KEY \(401: .*\); pass another key with --key/);

  const missing = await cli([join(dir, 'nope.ndjson')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no such file/);

  const noFile = await cli([]);
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /missing required argument/);
});

test('an interrupted run is finished by running it again, with nothing counted twice', async () => {
  const { text, good } = generate('i', 3000);
  const file = join(dir, 'events-i.ndjson');
  writeFileSync(file, text);
  const before = await server.store.countEvents();
  const stop = new AbortController();
  // Stop as soon as the first batch is committed, the way Ctrl-C would.
  const first = await ingestFiles({
    files: [file],
    url: server.url,
    key,
    batchSize: 500,
    batchBytes: BATCH_BYTES,
    stop: stop.signal,
    onProgress: (s) => {
      if (s.batches >= 1) stop.abort();
    },
  });
  assert.equal(first.outcome, 'interrupted');
  assert.ok(first.accepted > 0 && first.accepted < good, `partial: ${first.accepted}`);

  const second = await ingestFiles({ files: [file], url: server.url, key, batchSize: 500, batchBytes: BATCH_BYTES });
  assert.equal(second.outcome, 'done');
  assert.equal(second.duplicates, first.accepted);
  assert.equal(second.accepted + second.duplicates, good);
  assert.equal(await server.store.countEvents(), before + good);
});

test('429 waits for Retry-After and 5xx is retried, sending the same batch again', async () => {
  const answers = [
    { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 429, message: 'Rate limit exceeded' } } },
    { status: 503, headers: {}, body: { error: { code: 503, message: 'Service Unavailable' } } },
    { status: 200, headers: {}, body: { data: { accepted: 2, duplicates: 0, sampled_out: 0, rejected: [] } } },
  ];
  const bodies: string[] = [];
  const stub = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      bodies.push(body);
      const answer = answers.shift()!;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  try {
    const file = join(dir, 'retry.ndjson');
    writeFileSync(file, `${event('r-1', 1)}\n${event('r-2', 2)}\n`);
    // Each wait the client announces, with how long it planned it (from Retry-After, or its backoff).
    const waits: Array<{ reason: string; ms: number }> = [];
    const report = await ingestFiles({
      files: [file],
      url: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`,
      key: 'k',
      retries: 2,
      onProgress: (s) => {
        if (s.waiting && waits.at(-1)?.reason !== s.waiting.reason)
          waits.push({ reason: s.waiting.reason, ms: s.waiting.until - Date.now() });
      },
    });
    assert.equal(report.outcome, 'done');
    assert.equal(report.accepted, 2);
    assert.equal(bodies.length, 3);
    assert.ok(
      bodies.every((b) => b === bodies[0]),
      'the same batch each time',
    );
    assert.deepEqual(
      waits.map((w) => w.reason),
      ['rate limited', 'server error 503'],
    );
    assert.ok(waits[0]!.ms > 900, 'the 429 wait follows its Retry-After of 1 s');
  } finally {
    stub.close();
  }
});

test('records that used to fail a whole batch are rejected alone; the summary names accepted events the snapshot omits', async () => {
  const rec = (id: string, timestamp: number, tokens = '10') =>
    `{"id":${JSON.stringify(id)},"timestamp":${timestamp},"usage":{"prompt_tokens":${tokens},"completion_tokens":5},"tag":"math"}`;
  const file = join(dir, 'window.ndjson');
  writeFileSync(
    file,
    [
      rec('w-today', NOW),
      rec('w-lone-\ud800', NOW - 86_400_000),
      rec('w-yesterday', NOW - 86_400_000),
      rec('w-tokens', NOW - 86_400_000, '1e19'),
      rec('w-old', NOW - 20 * 86_400_000),
      rec('w-seconds', Math.floor((NOW - 86_400_000) / 1000)),
      `{"id":"w-deep","x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    ].join('\n'),
  );
  const json = await cli([file, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  assert.deepEqual([report.outcome, report.accepted, report.rejected], ['done', 4, 3]);
  assert.deepEqual(report.outside_window, { count: 2, today: 1, older: 1 });
  assert.deepEqual(
    rejectsOf(`${file}.rejects.ndjson`).map((r) => [r.line, r.reason.split(' ')[0]]),
    [
      [2, 'id'],
      [4, 'usage.prompt_tokens'],
      [7, 'record'],
    ],
  );

  const text = await cli([file]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /outside window 0\n/); // all duplicates now: nothing newly accepted
  const more = join(dir, 'window-2.ndjson');
  writeFileSync(more, [rec('w2-today', NOW), rec('w2-old', NOW - 20 * 86_400_000)].join('\n'));
  const fresh = await cli([more]);
  const outside =
    'outside window 2 (1 dated today (UTC): they show from tomorrow on, as the window ends yesterday; ' +
    "1 older than the 7-day window: stored, but not in today's snapshot)\n";
  assert.ok(fresh.stdout.includes(outside), fresh.stdout);
});

test('--concurrency keeps that many batches in flight, and progress only counts bytes every earlier batch has had answered', async () => {
  let open = 0;
  let most = 0;
  let served = 0;
  let firstAnswered = false;
  // Answers the first request last, so that answers come back out of order.
  const slowServer = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      open += 1;
      most = Math.max(most, open);
      const lines = body.split('\n').filter(Boolean).length;
      const first = served++ === 0;
      setTimeout(
        () => {
          open -= 1;
          if (first) firstAnswered = true;
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ data: { accepted: lines, duplicates: 0, sampled_out: 0, rejected: [] } }));
        },
        first ? 300 : 50,
      );
    });
  });
  await new Promise<void>((resolve) => slowServer.listen(0, '127.0.0.1', resolve));
  try {
    const file = join(dir, 'concurrent.ndjson');
    const lines = Array.from({ length: 40 }, (_, i) => event(`c-${i}`, i));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const doneMarks: Array<{ bytesDone: number; batches: number; firstAnswered: boolean }> = [];
    const report = await ingestFiles({
      files: [file],
      url: `http://127.0.0.1:${(slowServer.address() as AddressInfo).port}`,
      key: 'k',
      batchSize: 5,
      concurrency: 3,
      onProgress: (s) => doneMarks.push({ bytesDone: s.bytesDone, batches: s.batches, firstAnswered }),
    });
    assert.equal(report.outcome, 'done');
    assert.equal(report.accepted, 40);
    assert.equal(report.batches, 8);
    assert.equal(most, 3, 'three requests were open at once, never more');
    // While the first batch is unanswered, later answers do not move bytesDone.
    const beforeFirst = doneMarks.filter((m) => !m.firstAnswered && m.batches > 0);
    assert.ok(beforeFirst.length > 0, 'later batches were answered before the first');
    assert.ok(
      beforeFirst.every((m) => m.bytesDone === 0),
      'no bytes done before the first batch is answered',
    );
    assert.equal(doneMarks.at(-1)!.bytesDone, Buffer.byteLength(`${lines.join('\n')}\n`));
    assert.ok(
      doneMarks.every((m, i) => i === 0 || m.bytesDone >= doneMarks[i - 1]!.bytesDone),
      'bytesDone never goes back',
    );
  } finally {
    slowServer.close();
  }
});
