import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createClassifier } from './index.ts';
import { LlmClassifier, type LlmOptions } from './llm.ts';
import { parseRequest, type Transcript } from './transcript.ts';

/** What the fake endpoint does next; each request shifts one behaviour (the last one repeats). */
type Behaviour = { tag: string } | { status: number } | { hang: true } | { raw: string };
let script: Behaviour[] = [];
let requests: Record<string, unknown>[] = [];
let inFlight = 0;
let maxInFlight = 0;

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    requests.push(JSON.parse(body) as Record<string, unknown>);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    const b = script.length > 1 ? script.shift()! : script[0]!;
    const reply = (status: number, text: string): void => {
      setTimeout(() => {
        inFlight--;
        res.writeHead(status, { 'content-type': 'application/json' }).end(text);
      }, 20);
    };
    if ('hang' in b) return void res.on('close', () => inFlight--);
    if ('status' in b) return reply(b.status, '{"error":"boom"}');
    if ('raw' in b) return reply(200, JSON.stringify({ choices: [{ message: { content: b.raw } }] }));
    reply(200, JSON.stringify({ choices: [{ message: { role: 'assistant', content: JSON.stringify({ tag: b.tag }) } }] }));
  });
}

const server = createServer(handle);
let url = '';
const transcript = (text: string): Transcript => {
  const r = parseRequest({ messages: [{ role: 'user', content: text }] });
  assert.ok(r.ok);
  return r.transcript;
};
const options = (o: Partial<LlmOptions> = {}): LlmOptions => ({
  url,
  model: 'tiny',
  key: 'k',
  mode: 'all',
  timeoutMs: 300,
  retries: 2,
  concurrency: 2,
  ...o,
});

describe('LLM classifier', () => {
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => void server.close());

  it('sends the transcript with a strict JSON schema and reads the tag', async () => {
    script = [{ tag: 'math' }];
    requests = [];
    const r = await new LlmClassifier(options()).classifyTranscript(transcript('What is 2+2?'));
    assert.deepEqual(r, { tag: 'math', confidence: 0.9, path: 'llm' });
    const sent = requests[0] as {
      model: string;
      response_format: { json_schema: { strict: boolean; schema: { properties: { tag: { enum: string[] } } } } };
      messages: { content: string }[];
    };
    assert.equal(sent.model, 'tiny');
    assert.equal(sent.response_format.json_schema.strict, true);
    assert.equal(sent.response_format.json_schema.schema.properties.tag.enum.length, 31);
    assert.match(sent.messages[1]!.content, /What is 2\+2\?/);
  });

  it('retries 500s, then succeeds', async () => {
    script = [{ status: 500 }, { status: 503 }, { tag: 'translation' }];
    requests = [];
    const r = await new LlmClassifier(options()).classifyTranscript(transcript('x'));
    assert.equal(r?.tag, 'translation');
    assert.equal(requests.length, 3);
  });

  it('gives up after the retries, on timeouts, and on garbage answers', async () => {
    script = [{ status: 500 }];
    requests = [];
    assert.equal(await new LlmClassifier(options({ retries: 1 })).classifyTranscript(transcript('x')), undefined);
    assert.equal(requests.length, 2);
    script = [{ hang: true }];
    assert.equal(await new LlmClassifier(options({ retries: 0, timeoutMs: 100 })).classifyTranscript(transcript('x')), undefined);
    for (const raw of ['not json', '{"tag":"poetry"}', '{}']) {
      script = [{ raw }];
      assert.equal(await new LlmClassifier(options()).classifyTranscript(transcript('x')), undefined, raw);
    }
    script = [{ status: 400 }];
    requests = [];
    assert.equal(await new LlmClassifier(options()).classifyTranscript(transcript('x')), undefined);
    assert.equal(requests.length, 1, 'a 4xx is not retried');
  });

  it('keeps to its concurrency cap', async () => {
    script = [{ tag: 'math' }];
    maxInFlight = 0;
    const llm = new LlmClassifier(options({ concurrency: 2 }));
    await Promise.all(Array.from({ length: 8 }, () => llm.classifyTranscript(transcript('x'))));
    assert.equal(maxInFlight, 2);
  });

  it('the combination falls back to the built-in answer and never drops an event', async () => {
    script = [{ status: 500 }];
    const c = createClassifier({ threshold: 0, llm: options({ retries: 0 }) });
    assert.match(c.version, /^builtin-[0-9a-f]{8}\+llm-tiny:all$/);
    const r = await c.classify({ messages: [{ role: 'user', content: 'Translate to German: good night' }] });
    assert.equal(r.path, 'fallback');
    assert.equal(r.tag, 'translation');
    script = [{ tag: 'roleplay_fiction' }];
    const low = createClassifier({ threshold: 0, llm: options({ mode: 'low-confidence', below: 0 }) });
    assert.equal((await low.classify({ messages: [{ role: 'user', content: 'hi' }] })).path, 'builtin');
    const off = createClassifier({ threshold: 0, llm: options({ mode: 'off' }) });
    assert.match(off.version, /^builtin-[0-9a-f]{8}$/);
  });
});
