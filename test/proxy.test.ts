/**
 * `taskshare proxy` between the official `openai` client and an OpenAI-compatible upstream this test
 * runs, recording into a running taskshare: responses pass through unchanged (streams chunk by chunk,
 * before the upstream has finished), usage is read from the response, events arrive in taskshare,
 * and when taskshare cannot be reached the traffic still flows and the drops are counted.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import pino from 'pino';
import { createClassifier } from '../src/classify/index.ts';
import { type RunningProxy, startProxy } from '../src/proxy/server.ts';
import { utcDay } from '../src/shares/window.ts';
import { CLI } from './helpers/cli.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

/** Lets a streaming response go on past its first chunk only when the test says so. */
let releaseStream: () => void = () => undefined;
let streamHeld: Promise<void> = Promise.resolve();
let counter = 0;

const sse = (res: ServerResponse, events: unknown[], named = false) => {
  for (const e of events)
    res.write(named ? `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n` : `data: ${JSON.stringify(e)}\n\n`);
};

async function upstreamHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
  const id = `${++counter}`;
  if (req.url === '/v1/models')
    return void res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-test', object: 'model', created: 1, owned_by: 'test' }] }));
  if (body.model === 'refuse')
    return void res
      .writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { message: 'Invalid model', type: 'invalid_request_error', param: 'model', code: null } }));
  if (req.url === '/v1/chat/completions' && body.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const base = { id: `chatcmpl-s${id}`, object: 'chat.completion.chunk', created: 1750154400, model: 'gpt-test-stream' };
    sse(res, [{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Use ' }, finish_reason: null }] }]);
    await streamHeld; // the client must see the first chunk while the rest is still to come
    sse(res, [{ ...base, choices: [{ index: 0, delta: { content: 'dict.get().' }, finish_reason: 'stop' }] }]);
    if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage)
      sse(res, [{ ...base, choices: [], usage: { prompt_tokens: 40, completion_tokens: 6, total_tokens: 46 } }]);
    return void res.end('data: [DONE]\n\n');
  }
  if (req.url === '/v1/chat/completions') {
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-p${id}`,
        object: 'chat.completion',
        created: 1750154400,
        model: 'gpt-test-plain',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Bonjour' }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30, prompt_tokens_details: { cached_tokens: 0 } },
      }),
    );
  }
  if (req.url === '/v1/responses') {
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `resp_${id}`,
        object: 'response',
        created_at: 1750154400,
        status: 'completed',
        model: 'gpt-test-responses',
        output: [
          {
            type: 'message',
            id: `msg_${id}`,
            status: 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'SELECT 1;', annotations: [] }],
          },
        ],
        usage: {
          input_tokens: 50,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 4,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 54,
        },
      }),
    );
  }
  if (req.url === '/v1/messages') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    sse(
      res,
      [
        {
          type: 'message_start',
          message: {
            id: `msg_a${id}`,
            type: 'message',
            role: 'assistant',
            model: 'claude-test',
            content: [],
            stop_reason: null,
            usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 100, output_tokens: 1 },
          },
        },
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Three bullet points: ...' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } },
        { type: 'message_stop' },
      ],
      true,
    );
    res.end();
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no such path"}}');
}

describe('taskshare proxy', () => {
  let server: TestServer;
  let upstream: http.Server;
  let upstreamUrl: string;
  let proxy: RunningProxy;
  let openai: OpenAI;
  const logs: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _e, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const classifier = createClassifier({ threshold: 0.35 });

  before(async () => {
    server = await startTestServer();
    const key = await server.createKey('proxy', ['ingest']);
    upstream = http.createServer((req, res) => void upstreamHandler(req, res));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    proxy = await startProxy({
      upstream: upstreamUrl,
      port: 0,
      host: '127.0.0.1',
      ingestUrl: server.url,
      ingestKey: key,
      sampleRate: 1,
      classifier,
      logger,
    });
    openai = new OpenAI({ apiKey: 'sk-test-not-forwarded-anywhere-else', baseURL: `${proxy.url}/v1`, maxRetries: 0 });
  });
  after(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
    await server.stop();
  });

  it("passes a chat completion through unchanged and records it with the response's usage", async () => {
    const direct = (await (
      await fetch(`${upstreamUrl}/v1/chat/completions`, { method: 'POST', body: '{"messages":[]}' })
    ).json()) as Record<string, unknown>;
    const r = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Translate into French: good morning' }],
    });
    assert.equal(r.choices[0]!.message.content, 'Bonjour');
    assert.deepEqual({ ...r, id: undefined }, { ...direct, id: undefined });
  });

  it('streams chunk by chunk: the first chunk arrives before the upstream has finished', async () => {
    streamHeld = new Promise((resolve) => {
      releaseStream = resolve;
    });
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Why does this raise KeyError?\n\nconfig = {}\nprint(config["port"])' }],
    });
    const it = stream[Symbol.asyncIterator]();
    const first = await it.next();
    assert.equal(first.value?.choices[0]?.delta.content, 'Use ', 'received while the upstream still holds the rest');
    releaseStream();
    let text = first.value!.choices[0]!.delta.content!;
    let usage: OpenAI.CompletionUsage | undefined;
    for (let n = await it.next(); !n.done; n = await it.next()) {
      text += n.value.choices[0]?.delta.content ?? '';
      usage = n.value.usage ?? usage;
    }
    assert.equal(text, 'Use dict.get().');
    assert.equal(usage?.total_tokens, 46);
  });

  it('passes the Responses API, Anthropic streams byte for byte, other paths and upstream errors', async () => {
    const resp = await openai.responses.create({
      model: 'gpt-4.1',
      instructions: 'You write SQL.',
      input: 'Write a SQL query returning the ten most recent orders from the orders table',
    });
    assert.equal(resp.output_text, 'SELECT 1;');

    const anthropicBody = JSON.stringify({
      model: 'claude-sonnet-4',
      max_tokens: 100,
      stream: true,
      messages: [{ role: 'user', content: 'Summarize this article in three bullet points: ...' }],
    });
    const viaProxy = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: anthropicBody,
    });
    assert.equal(viaProxy.headers.get('content-type'), 'text/event-stream');
    const proxied = await viaProxy.text();
    const direct = await (await fetch(`${upstreamUrl}/v1/messages`, { method: 'POST', body: anthropicBody })).text();
    assert.equal(proxied.replace(/msg_a\d+/, 'msg'), direct.replace(/msg_a\d+/, 'msg'));

    const models = await openai.models.list();
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['gpt-test'],
    );
    await assert.rejects(
      openai.chat.completions.create({ model: 'refuse', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && err.status === 400 && /Invalid model/.test(err.message),
    );
  });

  it('the recorded events arrive in taskshare, tagged, with the usage each response reported', async () => {
    await proxy.flush();
    const day = utcDay(Date.now());
    const list = await server.store.rollups(day, day);
    const rows = Object.fromEntries(list.map((r) => [r.model, r]));
    assert.equal(rows['gpt-test-plain']?.tokens, 30);
    assert.equal(rows['gpt-test-plain']?.tag, 'translation');
    assert.equal(rows['gpt-test-stream']?.tokens, 46);
    assert.equal(rows['gpt-test-responses']?.tokens, 54);
    assert.equal(rows['gpt-test-responses']?.tag, 'code:sql_database');
    assert.equal(rows['claude-test']?.tokens, 25 + 100 + 15);
    assert.equal(
      list.reduce((n, r) => n + r.requests, 0),
      4,
      'the refused call and the models list are not recorded',
    );
    const metrics = await proxy.registry.metrics();
    assert.match(metrics, /taskshare_proxy_events_sent_total 4/);
    assert.ok(!logs.some((l) => l.includes('KeyError') || l.includes('sk-test')), 'no prompt text or key in the log');
  });

  it('when taskshare cannot be reached, traffic still flows and the dropped events are counted and logged', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const lonely = await startProxy({
      upstream: upstreamUrl,
      port: 0,
      host: '127.0.0.1',
      ingestUrl: deadUrl,
      ingestKey: 'tsk_x',
      sampleRate: 1,
      classifier,
      logger,
      maxBuffer: 1,
      batchSize: 10,
      retries: 0,
      flushMs: 60_000,
    });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: `${lonely.url}/v1`, maxRetries: 0 });
      for (let i = 0; i < 3; i++) {
        const r = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `hello ${i}` }] });
        assert.equal(r.choices[0]!.message.content, 'Bonjour');
      }
      await lonely.flush();
      assert.match(
        await lonely.registry.metrics(),
        /taskshare_proxy_events_dropped_total 3/,
        'two dropped at the full buffer, one when the send failed',
      );
      assert.ok(logs.some((l) => l.includes('proxy dropped events')));
    } finally {
      await lonely.close();
    }
  });

  it('the command refuses a missing upstream (usage, exit 2) and a missing key (exit 1, saying how to make one)', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [...CLI, 'proxy', ...args], { encoding: 'utf8', env: { ...process.env, TASKSHARE_INGEST_KEY: '' } });
    assert.equal(run([]).status, 2);
    const noKey = run(['--upstream', upstreamUrl]);
    assert.equal(noKey.status, 1);
    assert.match(noKey.stderr, /no ingest key: pass --key or set TASKSHARE_INGEST_KEY/);
    const badUrl = run(['--upstream', 'not a url', '--key', 'k']);
    assert.equal(badUrl.status, 1);
    assert.match(badUrl.stderr, /--upstream must be a URL/);
  });
});
