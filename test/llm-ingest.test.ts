/**
 * The optional LLM classifier inside ingestion: a small OpenAI-compatible server started here answers
 * with structured output; when it fails, the built-in answer stands and no event is dropped.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { postEvents, startTestServer } from './helpers/server.ts';

let llm: Server;
let llmUrl: string;
let mode: 'answer' | 'fail' = 'answer';
const seen: Array<Record<string, unknown>> = [];

before(async () => {
  llm = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push(JSON.parse(body) as Record<string, unknown>);
      if (mode === 'fail') {
        res.writeHead(500).end('{"error":"down"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          model: 'test-model',
          choices: [
            { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify({ tag: 'finance_trading' }) } },
          ],
        }),
      );
    });
  });
  await new Promise<void>((r) => llm.listen(0, '127.0.0.1', r));
  llmUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`;
});
after(() => new Promise<void>((r) => llm.close(() => r())));

const event = (id: string) => ({
  id,
  timestamp: Date.now() - 86_400_000,
  usage: { prompt_tokens: 5, completion_tokens: 5 },
  request: { messages: [{ role: 'user', content: 'Translate to French: good morning' }] },
});

it('mode "all": the LLM answer is stored, with a structured-output request; failures fall back to the built-in answer', async () => {
  const server = await startTestServer({ llmUrl, llmModel: 'test-model', llmMode: 'all', llmRetries: 1, llmTimeoutMs: 2000 });
  try {
    const key = await server.createKey('llm', ['ingest']);
    let res = (await (await postEvents(server.url, key, [event('l1'), event('l2')])).json()) as { data: { accepted: number } };
    assert.equal(res.data.accepted, 2);
    const request = seen[0]!;
    assert.equal(request.model, 'test-model');
    assert.equal((request.response_format as { type: string }).type, 'json_schema');
    let body = (await (await server.get('/api/v1/classifications/task')).json()) as { data: { classifications: Array<{ tag: string }> } };
    assert.deepEqual(
      body.data.classifications.map((c) => c.tag),
      ['finance_trading'],
    );

    mode = 'fail';
    res = (await (await postEvents(server.url, key, [event('l3')])).json()) as { data: { accepted: number } };
    assert.equal(res.data.accepted, 1, 'an LLM failure never drops the event');
    body = (await (await server.get('/api/v1/classifications/task')).json()) as { data: { classifications: Array<{ tag: string }> } };
    assert.deepEqual(body.data.classifications.map((c) => c.tag).sort(), ['finance_trading', 'translation']);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /taskshare_classifications_total\{tag="finance_trading",path="llm"\} 2/);
    assert.match(metrics, /taskshare_classifications_total\{tag="translation",path="fallback"\} 1/);
  } finally {
    mode = 'answer';
    await server.stop();
  }
});
