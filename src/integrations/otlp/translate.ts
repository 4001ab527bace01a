/**
 * One OTLP span into one taskshare event, by the OpenTelemetry GenAI semantic conventions: a model call
 * (`gen_ai.operation.name` chat, text_completion or generate_content) with its model, usage and, where
 * content capture is on, its request (`gen_ai.system_instructions`, `gen_ai.input.messages`,
 * `gen_ai.tool.definitions`). Instrumentations from before semantic conventions 1.37 are read too:
 * `gen_ai.usage.prompt_tokens` / `completion_tokens`, indexed `gen_ai.prompt.N.*` attributes,
 * `gen_ai.content.prompt` events (`gen_ai.prompt`) and per-message events (`gen_ai.user.message`, ...).
 * The span id is the event id; `service.name` is the app.
 */
import { nestingExceeds } from '../../ingest/json-scan.ts';
import { MAX_DEPTH } from '../../ingest/limits.ts';
import { jsonText } from '../../util/json-text.ts';
import type { Translation } from '../translate.ts';
import type { OtlpSpan } from './model.ts';

/** Operations that are one call to a model; agents, tools, embeddings and the rest are not counted. */
const MODEL_CALLS = new Set(['chat', 'text_completion', 'generate_content']);
/** OpenLLMetry's `llm.request.type`, from before `gen_ai.operation.name`. */
const LEGACY_TYPES: Record<string, string> = { chat: 'chat', completion: 'text_completion' };
/** The event that carries content attributes when an instrumentation records them on an event. */
const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';
const MESSAGE_EVENTS: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};
const STATUS_ERROR = 2;

type Message = Record<string, unknown>;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = jsonText;

/** A content attribute: a JSON string (what SDKs without structured attributes record) or a structured value. */
function structured(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  // Content nested past the record depth limit is not read (the span is then classified without it).
  if (nestingExceeds(v, MAX_DEPTH)) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function tokens(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A semantic-conventions message (`{role, parts:[...]}`) as a chat message. */
function fromParts(m: unknown): Message | undefined {
  if (!isObject(m)) return undefined;
  if (!Array.isArray(m.parts)) return typeof m.content === 'string' ? { role: m.role, content: m.content } : undefined;
  let role = m.role;
  const content: unknown[] = [];
  const calls: unknown[] = [];
  for (const p of m.parts) {
    if (!isObject(p)) continue;
    if (p.type === 'text') content.push({ type: 'text', text: text(p.content) });
    else if (p.type === 'tool_call') calls.push({ type: 'function', function: { name: text(p.name), arguments: text(p.arguments) } });
    else if (p.type === 'tool_call_response') {
      role = 'tool';
      content.push({ type: 'text', text: text(p.response ?? p.result) });
    } else if (p.type === 'reasoning') continue;
    else content.push({ type: text(p.modality) || text(p.type) || 'part' });
  }
  return calls.length > 0 ? { role, content, tool_calls: calls } : { role, content };
}

/** Indexed attributes of pre-1.37 instrumentations: gen_ai.prompt.0.role, gen_ai.prompt.0.content, ... */
function indexedPrompt(attrs: Record<string, unknown>): Message[] {
  const messages: Message[] = [];
  for (let i = 0; attrs[`gen_ai.prompt.${i}.role`] !== undefined || attrs[`gen_ai.prompt.${i}.content`] !== undefined; i++) {
    const calls: unknown[] = [];
    for (let j = 0; attrs[`gen_ai.prompt.${i}.tool_calls.${j}.name`] !== undefined; j++) {
      calls.push({
        type: 'function',
        function: {
          name: text(attrs[`gen_ai.prompt.${i}.tool_calls.${j}.name`]),
          arguments: text(attrs[`gen_ai.prompt.${i}.tool_calls.${j}.arguments`]),
        },
      });
    }
    const m: Message = { role: attrs[`gen_ai.prompt.${i}.role`] ?? 'user', content: text(attrs[`gen_ai.prompt.${i}.content`]) };
    messages.push(calls.length > 0 ? { ...m, tool_calls: calls } : m);
  }
  return messages;
}

function tools(attrs: Record<string, unknown>): unknown[] {
  const defs = structured(attrs['gen_ai.tool.definitions']);
  if (Array.isArray(defs))
    return defs.filter(isObject).map((d) => ({ name: text(d.name ?? (isObject(d.function) ? d.function.name : d.type)) }));
  const legacy: unknown[] = [];
  for (let i = 0; attrs[`llm.request.functions.${i}.name`] !== undefined; i++)
    legacy.push({ name: text(attrs[`llm.request.functions.${i}.name`]) });
  return legacy;
}

/** The request as a chat-completions body, or undefined when the span carries no content. */
function requestOf(span: OtlpSpan): Record<string, unknown> | undefined {
  const details = span.events.find((e) => e.name === DETAILS_EVENT)?.attributes ?? {};
  const attr = (key: string) => span.attributes[key] ?? details[key];
  const messages: Message[] = [];
  const system = structured(attr('gen_ai.system_instructions'));
  if (Array.isArray(system))
    messages.push({
      role: 'system',
      content: system
        .filter(isObject)
        .map((p) => text(p.content))
        .join('\n'),
    });
  else if (typeof system === 'string') messages.push({ role: 'system', content: system });

  const input = structured(attr('gen_ai.input.messages'));
  if (Array.isArray(input))
    for (const m of input) {
      const c = fromParts(m);
      if (c) messages.push(c);
    }
  if (!messages.some((m) => m.role !== 'system')) {
    // Older conventions, newest first: a prompt event, indexed attributes, one event per message.
    const promptEvent = span.events.find((e) => e.name === 'gen_ai.content.prompt');
    const prompt = structured(promptEvent?.attributes['gen_ai.prompt'] ?? span.attributes['gen_ai.prompt']);
    if (Array.isArray(prompt))
      for (const m of prompt) {
        if (isObject(m)) messages.push(m);
      }
    else if (typeof prompt === 'string') messages.push({ role: 'user', content: prompt });
    else {
      const indexed = indexedPrompt(span.attributes);
      if (indexed.length > 0) for (const m of indexed) messages.push(m);
      else
        for (const e of span.events) {
          const role = MESSAGE_EVENTS[e.name];
          if (role) messages.push({ role, content: text(e.attributes.content ?? e.attributes['gen_ai.event.content']) });
        }
    }
  }
  if (!messages.some((m) => m.role !== 'system')) return undefined;
  const offered = tools(span.attributes);
  return offered.length > 0 ? { messages, tools: offered } : { messages };
}

/** Whether the span is a GenAI span at all (any `gen_ai.*` attribute, or OpenLLMetry's request type). */
export function isGenAiSpan(span: OtlpSpan): boolean {
  return span.attributes['llm.request.type'] !== undefined || Object.keys(span.attributes).some((k) => k.startsWith('gen_ai.'));
}

/**
 * @example
 * translateSpan({ spanId: '00f067aa0ba902b7', startTimeUnixNano: '1750154400000000000', statusCode: 0,
 *   attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4', 'gen_ai.usage.input_tokens': 52, ... }, ... });
 * // { event: { id: '00f067aa0ba902b7', timestamp: 1750154400000, model: 'gpt-4', usage: {...}, ... } }
 */
export function translateSpan(span: OtlpSpan): Translation {
  if (!isGenAiSpan(span)) return { skipped: 'not a GenAI span' };
  const id = span.spanId || undefined;
  const a = span.attributes;
  const legacyType = typeof a['llm.request.type'] === 'string' ? LEGACY_TYPES[a['llm.request.type']] : undefined;
  const op = typeof a['gen_ai.operation.name'] === 'string' ? a['gen_ai.operation.name'] : legacyType;
  if (op === undefined) return { error: 'span without gen_ai.operation.name: skipped', id };
  if (!MODEL_CALLS.has(op)) return { skipped: `gen_ai.operation.name ${op} is not a model call` };
  if (id === undefined || !/^[0-9a-f]{16}$/.test(id)) return { error: 'span without a valid span id (16 hex digits): skipped', id };
  if (span.statusCode === STATUS_ERROR) return { failed: true };
  let startMs: number;
  try {
    startMs = Number(BigInt(span.startTimeUnixNano) / 1_000_000n);
  } catch {
    startMs = 0;
  }
  if (startMs <= 0) return { error: 'span without start_time_unix_nano: skipped', id };
  const input = tokens(a['gen_ai.usage.input_tokens'] ?? a['gen_ai.usage.prompt_tokens']);
  const output = tokens(a['gen_ai.usage.output_tokens'] ?? a['gen_ai.usage.completion_tokens']);
  if (input === undefined) return { error: 'span without gen_ai.usage.input_tokens: skipped', id };
  if (output === undefined) return { error: 'span without gen_ai.usage.output_tokens: skipped', id };
  const model = a['gen_ai.response.model'] ?? a['gen_ai.request.model'];
  const service = span.resource['service.name'];
  const user = a['user.id'] ?? a['enduser.id'];
  const event: Record<string, unknown> = {
    id,
    timestamp: startMs,
    model: typeof model === 'string' && model !== '' ? model : null,
    usage: { prompt_tokens: input, completion_tokens: output },
    user: typeof user === 'string' && user !== '' ? user : null,
    // The SDK's default name says nothing about the app.
    app: typeof service === 'string' && service !== '' && !service.startsWith('unknown_service') ? service : null,
  };
  // Content capture off: nothing to classify, but the call still counts, as `other`.
  const request = requestOf(span);
  if (request) event.request = request;
  else event.tag = 'other';
  return { event };
}
