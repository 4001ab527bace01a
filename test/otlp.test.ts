/**
 * POST /v1/traces against a running server, fed by the real OpenTelemetry JavaScript SDK and its OTLP
 * HTTP exporters (JSON and protobuf), with spans as GenAI instrumentations record them: the current
 * semantic conventions (content capture on and off) and the older attribute names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { utcDay } from '../src/shares/window.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const START = Date.now() - 86_400_000;
const DAY = utcDay(START);

const INPUT_MESSAGES = JSON.stringify([
  { role: 'user', parts: [{ type: 'text', content: 'Why does this raise KeyError?\n\nconfig = {}\nprint(config["port"])' }] },
]);

interface SpanSpec {
  name: string;
  attributes: Attributes;
  events?: Array<{ name: string; attributes: Attributes }>;
  error?: boolean;
}

/** The spans, as a GenAI instrumentation would record them, each with a model name of its own. */
function specs(tag: string): SpanSpec[] {
  return [
    {
      name: 'chat gpt-4',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4',
        'gen_ai.response.model': `${tag}-content`,
        'gen_ai.usage.input_tokens': 52,
        'gen_ai.usage.output_tokens': 47,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are a senior Python reviewer.' }]),
        'gen_ai.input.messages': INPUT_MESSAGES,
        'gen_ai.tool.definitions': JSON.stringify([
          { type: 'function', name: 'run_python', description: 'Runs code', parameters: { type: 'object' } },
        ]),
      },
    },
    {
      name: 'chat gpt-4',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': `${tag}-no-content`,
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 5,
      },
    },
    {
      name: 'openai.chat',
      attributes: {
        'gen_ai.system': 'openai',
        'llm.request.type': 'chat',
        'gen_ai.request.model': `${tag}-indexed`,
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'You are a translator.',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content': 'Translate this sentence into French: "The meeting is moved to Thursday afternoon."',
        'gen_ai.usage.prompt_tokens': 20,
        'gen_ai.usage.completion_tokens': 8,
      },
    },
    {
      name: 'chat claude',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'anthropic',
        'gen_ai.request.model': `${tag}-prompt-event`,
        'gen_ai.usage.prompt_tokens': 30,
        'gen_ai.usage.completion_tokens': 3,
      },
      events: [
        {
          name: 'gen_ai.content.prompt',
          attributes: {
            'gen_ai.prompt': JSON.stringify([{ role: 'user', content: 'Summarize this article in three bullet points: ...' }]),
          },
        },
      ],
    },
    { name: 'GET /health', attributes: { 'http.request.method': 'GET', 'url.path': '/health' } },
    { name: 'execute_tool run_python', attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'run_python' } },
    {
      name: 'mystery',
      attributes: { 'gen_ai.request.model': `${tag}-no-operation`, 'gen_ai.usage.input_tokens': 1, 'gen_ai.usage.output_tokens': 1 },
    },
    {
      name: 'chat gpt-4',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': `${tag}-error`,
        'gen_ai.usage.input_tokens': 3,
        'gen_ai.usage.output_tokens': 0,
      },
      error: true,
    },
  ];
}

/** Records the spans with the real SDK and returns them finished, ready for an exporter. */
async function record(list: SpanSpec[]): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'review-bot' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('taskshare-test');
  for (const s of list) {
    const span = tracer.startSpan(s.name, { attributes: s.attributes, startTime: START });
    for (const e of s.events ?? []) span.addEvent(e.name, e.attributes);
    if (s.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream 500' });
    span.end(START + 1200);
  }
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

const exportWith = (exporter: SpanExporter, spans: ReadableSpan[]) =>
  new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));

describe('POST /v1/traces (OTLP/HTTP)', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer({ rateLimitPerMinute: 1000 });
    key = await server.createKey('otel', ['ingest']);
  });
  after(() => server.stop());

  const rows = async (prefix: string) => (await server.store.rollups(DAY, DAY)).filter((r) => r.model?.startsWith(prefix));

  for (const [encoding, Exporter] of [
    ['json', JsonExporter],
    ['protobuf', ProtoExporter],
  ] as const) {
    it(`the SDK's ${encoding} exporter: model calls stored, other spans ignored, retries count nothing twice`, async () => {
      const spans = await record(specs(encoding));
      const exporter = new Exporter({ url: `${server.url}/v1/traces`, headers: { Authorization: `Bearer ${key}` } });
      const result = await exportWith(exporter, spans);
      assert.equal(result.code, ExportResultCode.SUCCESS, String(result.error));
      const stored = Object.fromEntries((await rows(encoding)).map((r) => [r.model!.slice(encoding.length + 1), r]));
      assert.deepEqual(Object.keys(stored).sort(), ['content', 'indexed', 'no-content', 'prompt-event']);
      assert.equal(stored.content!.tokens, 99);
      assert.notEqual(stored.content!.tag, 'other');
      assert.equal(stored['no-content']!.tag, 'other', 'content capture off: counted as other');
      assert.equal(stored.indexed!.tag, 'translation');
      assert.equal(stored.indexed!.tokens, 28);
      assert.equal(stored['prompt-event']!.tokens, 33);

      const count = await server.store.countEvents();
      assert.equal((await exportWith(exporter, spans)).code, ExportResultCode.SUCCESS);
      assert.equal(await server.store.countEvents(), count, 'span ids dedup a re-export');
      await exporter.shutdown();
    });
  }

  it('answers ExportTraceServiceResponse with partial_success naming the rejected spans, in both encodings', async () => {
    const spans = await record(specs('partial'));
    const post = (body: Uint8Array, type: string) =>
      fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': type },
        body: Buffer.from(body),
      });

    const proto = await post(ProtobufTraceSerializer.serializeRequest(spans)!, 'application/x-protobuf');
    assert.equal(proto.status, 200);
    assert.equal(proto.headers.get('content-type'), 'application/x-protobuf');
    const decoded = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(await proto.arrayBuffer()));
    assert.equal(Number(decoded.partialSuccess?.rejectedSpans), 1);
    assert.match(String(decoded.partialSuccess?.errorMessage), /span [0-9a-f]{16}: span without gen_ai.operation.name: skipped/);
    assert.match(String(decoded.partialSuccess?.errorMessage), /2 span\(s\) that are not GenAI model calls ignored/);

    const json = await post(JsonTraceSerializer.serializeRequest(spans)!, 'application/json');
    assert.equal(json.status, 200);
    const body = (await json.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    assert.equal(body.partialSuccess.rejectedSpans, '1');
    assert.match(body.partialSuccess.errorMessage, /gen_ai.operation.name/);

    const clean = await post(JsonTraceSerializer.serializeRequest((await record(specs('clean'))).slice(0, 2))!, 'application/json');
    assert.deepEqual(await clean.json(), {}, 'nothing rejected or ignored: an empty response');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /taskshare_integration_records_total\{integration="otlp",outcome="ignored"\} \d+/);
    assert.match(metrics, /taskshare_integration_records_total\{integration="otlp",outcome="failed"\} \d+/);
  });

  it('refuses what is not OTLP, and requests without an ingest key, as OTLP receivers do', async () => {
    const post = (body: string | Buffer, type: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': type, ...headers },
        body: body as string,
      });
    const badProto = await post(Buffer.from('this is not protobuf'), 'application/x-protobuf');
    assert.equal(badProto.status, 400);
    assert.equal(badProto.headers.get('content-type'), 'application/x-protobuf', 'a google.rpc.Status for a protobuf request');
    assert.match(Buffer.from(await badProto.arrayBuffer()).toString('latin1'), /not a valid protobuf ExportTraceServiceRequest/);

    for (const [body, message] of [
      ['{"resourceSpans":', /not valid JSON/],
      ['[1]', /must be an object/],
      ['{"resourceSpans":{}}', /resourceSpans must be an array/],
    ] as const) {
      const res = await post(body, 'application/json');
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('content-type'), 'application/json');
      const err = (await res.json()) as { error: { code: number; message: string } };
      assert.equal(err.error.code, 400);
      assert.match(err.error.message, message);
    }
    assert.equal((await post('x', 'text/plain')).status, 415);
    assert.equal(
      (await post(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), 'application/x-protobuf', { 'content-encoding': 'gzip' })).status,
      400,
      'broken gzip',
    );
    assert.equal((await post('{}', 'application/json', { 'content-encoding': 'br' })).status, 400, 'not brotli');
    assert.equal((await post('{}', 'application/json', { 'content-encoding': 'zstd' })).status, 415);

    const spans = await record(specs('noauth').slice(0, 1));
    const anonymous = new JsonExporter({ url: `${server.url}/v1/traces` });
    const refused = await exportWith(anonymous, spans);
    assert.equal(refused.code, ExportResultCode.FAILED);
    assert.deepEqual(await rows('noauth'), []);
    await anonymous.shutdown();
  });

  it('takes gzip bodies, as exporters send them with compression on', async () => {
    const spans = await record(specs('gzip').slice(0, 1));
    const exporter = new ProtoExporter({
      url: `${server.url}/v1/traces`,
      headers: { Authorization: `Bearer ${key}` },
      compression: 'gzip' as never,
    });
    assert.equal((await exportWith(exporter, spans)).code, ExportResultCode.SUCCESS);
    assert.equal((await rows('gzip'))[0]?.tokens, 99);
    await exporter.shutdown();
    const more = await record(specs('gzip-json').slice(0, 1));
    const res = await fetch(`${server.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JsonTraceSerializer.serializeRequest(more)!),
    });
    assert.equal(res.status, 200);
    assert.equal((await rows('gzip-json'))[0]?.tokens, 99);
  });
});
