/**
 * Payloads built to break a translator: content nested past what JSON.stringify can write, content
 * strings past the record depth limit, a translator that throws. Each rejects (or ignores) only
 * itself; nothing throws into the ingest batch, which would fail every neighbour with a 500.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { TOO_DEEP } from '../ingest/parse-body.ts';
import type { InputRecord } from '../ingest/service.ts';
import { litellmRecords } from './litellm/body.ts';
import type { OtlpSpan } from './otlp/model.ts';
import { translateSpan } from './otlp/translate.ts';
import { ingestTranslated } from './translate.ts';

/** An array nested `depth` deep, built without recursion. */
function deepArray(depth: number): unknown {
  let v: unknown = 'innermost';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

const span = (attributes: Record<string, unknown>): OtlpSpan => ({
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  name: 'chat m',
  startTimeUnixNano: '1750154400123456789',
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'm',
    'gen_ai.usage.input_tokens': 1,
    'gen_ai.usage.output_tokens': 1,
    ...attributes,
  },
  events: [],
  statusCode: 0,
  resource: {},
});

it('OTLP: a message part nested 200,000 deep is read as no text, not a RangeError', () => {
  const messages = [
    { role: 'user', parts: [{ type: 'text', content: deepArray(200_000) }] },
    { role: 'user', parts: [{ type: 'text', content: 'hello' }] },
  ];
  const t = translateSpan(span({ 'gen_ai.input.messages': messages }));
  assert.ok('event' in t, JSON.stringify(t).slice(0, 200));
});

it('OTLP: a content string nested past the depth limit is not parsed', () => {
  const deep = `${'['.repeat(5_000)}1${']'.repeat(5_000)}`;
  assert.doesNotThrow(() =>
    translateSpan(span({ 'gen_ai.input.messages': deep, 'gen_ai.prompt': deep, 'gen_ai.system_instructions': deep })),
  );
});

it('a translator that throws rejects only its own record', async () => {
  const seen: InputRecord[] = [];
  const ingest = {
    ingest: async (records: Iterable<InputRecord>) => {
      for (const r of records) seen.push(r);
      return { accepted: 0, duplicates: 0, sampled_out: 0, rejected: [] } as never;
    },
  };
  const input: InputRecord[] = [
    { line: 1, value: 'ok' },
    { line: 2, value: 'boom' },
    { line: 3, value: 'ok' },
  ];
  await ingestTranslated(ingest, input, (v) => {
    if (v === 'boom') throw new RangeError('Maximum call stack size exceeded');
    return { event: { id: 'e' } as never };
  });
  assert.deepEqual(
    seen.map((r) => ('error' in r ? r.error : 'event')),
    ['event', 'payload could not be read', 'event'],
  );
});

it('LiteLLM: one object nested past the depth limit is rejected as too deep', () => {
  const body = Buffer.from(`{"id":"x","messages":${'['.repeat(5_000)}1${']'.repeat(5_000)}}`);
  const parsed = litellmRecords(body, { maxRecordBytes: 1_048_576 });
  assert.ok(parsed.ok);
  assert.deepEqual(
    [...parsed.records].map((r) => ('error' in r ? r.error : 'value')),
    [TOO_DEEP],
  );
});
