/**
 * GenAI spans into events: the semantic conventions' own examples (docs/gen-ai/non-normative/
 * examples-llm-calls.md), the older attribute and event names, and what is skipped or refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequest } from '../../classify/transcript.ts';
import type { OtlpSpan } from './model.ts';
import { translateSpan } from './translate.ts';

const span = (attributes: Record<string, unknown>, over: Partial<OtlpSpan> = {}): OtlpSpan => ({
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  name: 'chat gpt-4',
  startTimeUnixNano: '1750154400123456789',
  attributes,
  events: [],
  statusCode: 0,
  resource: { 'service.name': 'joke-bot' },
  ...over,
});
const usage = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-4',
  'gen_ai.usage.input_tokens': 52,
  'gen_ai.usage.output_tokens': 47,
};

function transcriptOf(s: OtlpSpan) {
  const t = translateSpan(s);
  assert.ok('event' in t, JSON.stringify(t));
  const r = parseRequest(t.event.request);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.transcript;
}

describe('current semantic conventions', () => {
  it('the simple chat example: ids, time, model, usage, service as app, the input messages', () => {
    const s = span({
      ...usage,
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': 'gpt-4-0613',
      'gen_ai.response.id': 'chatcmpl-9J3uIL87gldCFtiIbyaOvTeYBRA3l',
      'gen_ai.input.messages': JSON.stringify([
        { role: 'system', parts: [{ type: 'text', content: 'You are a helpful bot' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Tell me a joke about OpenTelemetry' }] },
      ]),
    });
    const t = translateSpan(s);
    assert.ok('event' in t);
    assert.deepEqual(
      { ...t.event, request: undefined },
      {
        id: '00f067aa0ba902b7',
        timestamp: 1750154400123,
        model: 'gpt-4-0613',
        usage: { prompt_tokens: 52, completion_tokens: 47 },
        user: null,
        app: 'joke-bot',
        request: undefined,
      },
    );
    assert.equal(transcriptOf(s).text, 'system: You are a helpful bot\n\nuser: Tell me a joke about OpenTelemetry');
  });

  it('tool calls and their responses, tool definitions and system instructions, as structured values too', () => {
    const s = span({
      ...usage,
      'gen_ai.system_instructions': [{ type: 'text', content: 'You are a weather assistant.' }],
      'gen_ai.tool.definitions': [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }],
      'gen_ai.input.messages': [
        { role: 'user', parts: [{ type: 'text', content: "What's the weather in Paris?" }] },
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: 'call_VSPygqKTWdrhaFErNvMV18Yl', name: 'get_weather', arguments: { location: 'Paris' } }],
        },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_VSPygqKTWdrhaFErNvMV18Yl', response: 'rainy, 57°F' }] },
        {
          role: 'user',
          parts: [
            { type: 'uri', modality: 'image', uri: 'https://example.com/sky.png' },
            { type: 'reasoning', content: 'hidden' },
          ],
        },
      ],
    });
    const t = transcriptOf(s);
    assert.deepEqual(t.signals.toolsOffered, ['get_weather']);
    assert.deepEqual(t.signals.toolCalls, ['get_weather']);
    assert.equal(t.signals.hasSystem, true);
    assert.match(t.text, /\[call get_weather\] \{"location":"Paris"\}/);
    assert.match(t.text, /tool: rainy, 57°F/);
    assert.match(t.text, /user: \[image\]$/);
  });

  it('content recorded on the inference details event instead of the span', () => {
    const s = span(usage, {
      events: [
        {
          name: 'gen_ai.client.inference.operation.details',
          attributes: {
            'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Write a haiku about autumn' }] }]),
          },
        },
      ],
    });
    assert.equal(transcriptOf(s).text, 'user: Write a haiku about autumn');
  });

  it('content capture off: the call counts as other', () => {
    const t = translateSpan(span(usage));
    assert.ok('event' in t && t.event.tag === 'other' && t.event.request === undefined);
  });
});

describe('names from before semantic conventions 1.37', () => {
  it('indexed gen_ai.prompt.N attributes, llm.request.type and llm.request.functions, prompt/completion usage', () => {
    const s = span({
      'gen_ai.system': 'openai',
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': 'What is 2+2?',
      'gen_ai.prompt.1.role': 'assistant',
      'gen_ai.prompt.1.content': '',
      'gen_ai.prompt.1.tool_calls.0.name': 'calculator',
      'gen_ai.prompt.1.tool_calls.0.arguments': '{"expr":"2+2"}',
      'gen_ai.prompt.2.role': 'tool',
      'gen_ai.prompt.2.content': '4',
      'llm.request.functions.0.name': 'calculator',
      'gen_ai.usage.prompt_tokens': 12,
      'gen_ai.usage.completion_tokens': 3,
    });
    const t = translateSpan(s);
    assert.ok('event' in t && (t.event.usage as { prompt_tokens: number }).prompt_tokens === 12);
    const tr = transcriptOf(s);
    assert.deepEqual(tr.signals.toolsOffered, ['calculator']);
    assert.deepEqual(tr.signals.toolCalls, ['calculator']);
    assert.equal(tr.signals.turns, 3);
  });

  it('a gen_ai.content.prompt event, and one event per message', () => {
    const prompt = span(
      { ...usage },
      {
        events: [
          { name: 'gen_ai.content.prompt', attributes: { 'gen_ai.prompt': JSON.stringify([{ role: 'user', content: 'Summarize: ...' }]) } },
        ],
      },
    );
    assert.equal(transcriptOf(prompt).text, 'user: Summarize: ...');
    const perMessage = span(
      { ...usage },
      {
        events: [
          { name: 'gen_ai.system.message', attributes: { content: 'Be terse.' } },
          { name: 'gen_ai.user.message', attributes: { content: 'Explain DNS' } },
        ],
      },
    );
    assert.equal(transcriptOf(perMessage).text, 'system: Be terse.\n\nuser: Explain DNS');
  });
});

describe('spans that are not read', () => {
  it('non-GenAI spans and other operations are skipped; errors counted apart', () => {
    assert.deepEqual(translateSpan(span({ 'http.request.method': 'GET' })), { skipped: 'not a GenAI span' });
    assert.deepEqual(translateSpan(span({ 'gen_ai.operation.name': 'invoke_agent' })), {
      skipped: 'gen_ai.operation.name invoke_agent is not a model call',
    });
    assert.deepEqual(translateSpan(span({ 'gen_ai.operation.name': 'embeddings' })), {
      skipped: 'gen_ai.operation.name embeddings is not a model call',
    });
    assert.deepEqual(translateSpan(span(usage, { statusCode: 2 })), { failed: true });
  });

  it('a GenAI span missing what an event needs is refused, saying what is missing', () => {
    const id = '00f067aa0ba902b7';
    assert.deepEqual(translateSpan(span({ 'gen_ai.request.model': 'gpt-4' })), {
      error: 'span without gen_ai.operation.name: skipped',
      id,
    });
    assert.deepEqual(translateSpan(span({ ...usage, 'gen_ai.usage.input_tokens': undefined })), {
      error: 'span without gen_ai.usage.input_tokens: skipped',
      id,
    });
    assert.deepEqual(translateSpan(span(usage, { startTimeUnixNano: '0' })), { error: 'span without start_time_unix_nano: skipped', id });
    assert.deepEqual(translateSpan(span(usage, { startTimeUnixNano: 'soon' })), {
      error: 'span without start_time_unix_nano: skipped',
      id,
    });
    assert.ok('error' in translateSpan(span(usage, { spanId: '' })));
  });
});
