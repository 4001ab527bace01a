/**
 * One LiteLLM StandardLoggingPayload (what its `generic_api` callback sends; fields as defined in
 * LiteLLM's `litellm/types/utils.py`) into one taskshare event.
 *
 * Read: `id`, `status`, `call_type`, `startTime` (epoch seconds), `model` (else `model_group`),
 * `prompt_tokens`, `completion_tokens`, `response_cost` (as `usage.cost`), `end_user`, `metadata`
 * (key alias or team, as `app`), `messages` (the request; with `model_parameters`' tools, tool_choice,
 * response_format, system, instructions). Not read: `response`, the other cost fields, cache and
 * guardrail fields.
 */
import type { Translation } from '../translate.ts';

/** Where the event's `app` comes from: the virtual key's alias, the key's team, or nowhere. */
export type LitellmAppSource = 'key_alias' | 'team' | 'none';

/** What LiteLLM writes in place of every message's content when message logging is turned off. */
export const REDACTED = 'redacted-by-litellm';

/** LiteLLM call types that are generation requests; others (embeddings, images, audio, rerank...) are skipped. */
const GENERATION = new Set([
  'completion',
  'acompletion',
  'text_completion',
  'atext_completion',
  'responses',
  'aresponses',
  'anthropic_messages',
  'generate_content',
  'agenerate_content',
  'generate_content_stream',
  'agenerate_content_stream',
]);

/** Request parameters (LiteLLM's `model_parameters`) that the classifier reads. */
const PARAMETERS = ['tools', 'functions', 'tool_choice', 'response_format', 'system', 'instructions', 'text'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function app(metadata: unknown, source: LitellmAppSource): string | null {
  if (source === 'none' || !isObject(metadata)) return null;
  if (source === 'key_alias') return nonEmpty(metadata.user_api_key_alias);
  return (
    nonEmpty(metadata.user_api_key_team_alias) ??
    nonEmpty(metadata.team_alias) ??
    nonEmpty(metadata.user_api_key_team_id) ??
    nonEmpty(metadata.team_id)
  );
}

/** True when there is no content to classify: no messages, or every one redacted by LiteLLM. */
function noContent(messages: unknown): boolean {
  if (messages === undefined || messages === null || messages === '' || messages === REDACTED) return true;
  if (isObject(messages)) return Object.keys(messages).length === 0;
  if (!Array.isArray(messages)) return false;
  return messages.every(
    (m) => isObject(m) && (m.content === REDACTED || m.content === undefined || m.content === null || m.content === ''),
  );
}

/** `messages` as LiteLLM logs it (chat messages, a Responses input, a prompt string) as a request body. */
function requestBody(messages: unknown, callType: string, parameters: unknown): Record<string, unknown> {
  const params = isObject(parameters)
    ? Object.fromEntries(PARAMETERS.filter((k) => parameters[k] !== undefined).map((k) => [k, parameters[k]]))
    : {};
  if (isObject(messages) && (messages.messages !== undefined || messages.input !== undefined || messages.prompt !== undefined))
    return { ...params, ...messages };
  if (callType.endsWith('responses')) return { ...params, input: messages };
  if (typeof messages === 'string' || callType.endsWith('text_completion')) return { ...params, prompt: messages };
  return { ...params, messages };
}

/**
 * @example
 * translatePayload({ id: 'chatcmpl-1', status: 'success', startTime: 1750154400.5, model: 'gpt-4o',
 *   prompt_tokens: 10, completion_tokens: 2, messages: [{ role: 'user', content: 'hi' }] }, 'key_alias');
 * // { event: { id: 'chatcmpl-1', timestamp: 1750154400500, model: 'gpt-4o', usage: {...}, request: { messages: [...] }, ... } }
 */
export function translatePayload(payload: unknown, appSource: LitellmAppSource): Translation {
  if (!isObject(payload)) return { error: 'LiteLLM payload must be a JSON object (a StandardLoggingPayload)' };
  const id = nonEmpty(payload.id);
  if (id === null) return { error: 'LiteLLM payload without `id`' };
  if (payload.status === 'failure') return { failed: true };
  const callType = typeof payload.call_type === 'string' ? payload.call_type : 'completion';
  if (!GENERATION.has(callType)) return { skipped: `call_type ${callType} is not a generation request` };
  if (typeof payload.startTime !== 'number' || !Number.isFinite(payload.startTime) || payload.startTime < 0) {
    return { error: 'LiteLLM payload without `startTime` (epoch seconds)', id };
  }
  for (const field of ['prompt_tokens', 'completion_tokens'] as const) {
    if (payload[field] === undefined || payload[field] === null) return { error: `LiteLLM payload without \`${field}\``, id };
  }
  const event: Record<string, unknown> = {
    id,
    timestamp: Math.round(payload.startTime * 1000),
    model: nonEmpty(payload.model) ?? nonEmpty(payload.model_group),
    usage: {
      prompt_tokens: payload.prompt_tokens,
      completion_tokens: payload.completion_tokens,
      // LiteLLM logs 0 or null when it has no price for the model; a bad value is left for the validator.
      ...(payload.response_cost !== undefined && payload.response_cost !== null ? { cost: payload.response_cost } : {}),
    },
    user: nonEmpty(payload.end_user) ?? (isObject(payload.metadata) ? nonEmpty(payload.metadata.user_api_key_end_user_id) : null),
    app: app(payload.metadata, appSource),
  };
  // With message logging off there is nothing to classify: the request still counts, as `other`.
  if (noContent(payload.messages)) event.tag = 'other';
  else event.request = requestBody(payload.messages, callType, payload.model_parameters);
  return { event };
}
