/**
 * Request bodies of the accepted shapes (OpenAI chat-completions, Anthropic messages; Responses API and
 * legacy completions bodies through `request-shapes.ts`) reduced to one
 * list of plain messages. Validation lives here so that ingestion can reject a record with a reason
 * instead of classifying garbage.
 */

import { jsonText } from '../util/json-text.ts';
import type { RequestBody } from './interface.ts';
import { rewriteRequest } from './request-shapes.ts';

export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** One turn with its text flattened; tool calls keep only their names and arguments (as text). */
export interface PlainMessage {
  role: Role;
  text: string;
  /** Names of the tools this (assistant) turn called, in order. */
  toolCalls: string[];
  /** Arguments of those calls, flattened to text: what the agent asked the tool to do. */
  toolArgs: string;
}

export interface ParsedRequest {
  shape: 'openai' | 'anthropic';
  messages: PlainMessage[];
  toolsOffered: string[];
  /** `response_format` type (`json_schema`, `json_object`, `text`), or '' when absent. */
  responseFormat: string;
  toolChoice: boolean;
}

export type ParseResult = { ok: true; request: ParsedRequest } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// `taskshare classify` reads any line, so values may be nested past what JSON.stringify can write.
const str = jsonText;

/**
 * Tool results nest tool results (Anthropic shape); past this depth the inner ones are only marked.
 * Real requests nest one or two levels; the bound keeps a crafted body from exhausting the stack.
 */
const MAX_DEPTH = 4;

/** Text of an OpenAI content (string or parts) or an Anthropic content (string or blocks). */
function contentText(content: unknown, calls: string[], args: string[], depth = 0): string | undefined {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) return undefined;
  const out: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') out.push(part);
    else if (!isObject(part)) continue;
    else if (typeof part.text === 'string') out.push(part.text);
    else if (part.type === 'tool_use') {
      calls.push(str(part.name));
      args.push(str(part.input));
    } else if (part.type === 'tool_result')
      out.push(depth < MAX_DEPTH ? (contentText(part.content, calls, args, depth + 1) ?? '') : '[tool_result]');
    // Images, audio and documents carry no text we can use; a marker keeps their presence visible.
    else if (typeof part.type === 'string') out.push(`[${part.type}]`);
  }
  return out.join('\n');
}

function toolNames(tools: unknown): string[] | string {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) return 'tools must be an array';
  const names: string[] = [];
  for (const t of tools) {
    if (!isObject(t)) return 'each entry of tools must be an object';
    const fn = isObject(t.function) ? t.function : t;
    if (typeof fn.name === 'string') names.push(fn.name);
  }
  return names;
}

function looksAnthropic(body: RequestBody, msgs: unknown[]): boolean {
  if (body.system !== undefined) return true;
  if (Array.isArray(body.tools) && body.tools.some((t) => isObject(t) && 'input_schema' in t)) return true;
  return msgs.some(
    (m) =>
      isObject(m) && Array.isArray(m.content) && m.content.some((b) => isObject(b) && (b.type === 'tool_use' || b.type === 'tool_result')),
  );
}

/**
 * Validate a request body and flatten it. Never throws.
 *
 * @example
 * parseBody({ messages: [{ role: 'user', content: 'hi' }] }); // { ok: true, request: { shape: 'openai', ... } }
 * parseBody({ input: 'hi' }); // { ok: true, request: { shape: 'openai', messages: [{ role: 'user', text: 'hi', ... }] } }
 * parseBody({ model: 'x' }); // { ok: false, reason: 'messages is missing: ...' }
 */
export function parseBody(input: unknown): ParseResult {
  if (!isObject(input)) return { ok: false, reason: 'request body is not a JSON object' };
  // Responses API (`input`) and legacy completions (`prompt`) bodies become chat bodies first.
  const rewritten = rewriteRequest(input);
  if (rewritten && !rewritten.ok) return rewritten;
  const body = rewritten ? rewritten.body : input;
  const msgs = body.messages;
  if (!Array.isArray(msgs)) {
    return {
      ok: false,
      reason:
        'messages is missing: expected an OpenAI chat-completions, Responses (input) or completions (prompt) request, or an ' +
        'Anthropic messages request',
    };
  }
  if (msgs.length === 0) return { ok: false, reason: 'messages is empty' };
  const shape = looksAnthropic(body, msgs) ? 'anthropic' : 'openai';
  const tools = toolNames(body.tools);
  if (typeof tools === 'string') return { ok: false, reason: tools };
  const messages: PlainMessage[] = [];
  if (shape === 'anthropic' && body.system !== undefined) {
    const text = contentText(body.system, [], []);
    if (text === undefined) return { ok: false, reason: 'system must be a string or an array of text blocks' };
    messages.push({ role: 'system', text, toolCalls: [], toolArgs: '' });
  }
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i];
    if (!isObject(m)) return { ok: false, reason: `messages[${i}] is not an object` };
    let role = m.role;
    if (role === 'developer') role = 'system';
    if (role === 'function') role = 'tool';
    if (role !== 'system' && role !== 'user' && role !== 'assistant' && role !== 'tool') {
      return { ok: false, reason: `messages[${i}].role must be system, user, assistant or tool` };
    }
    const calls: string[] = [];
    const args: string[] = [];
    const text = contentText(m.content, calls, args);
    if (text === undefined) return { ok: false, reason: `messages[${i}].content must be a string or an array of content parts` };
    if (Array.isArray(m.tool_calls)) {
      for (const c of m.tool_calls) {
        const fn = isObject(c) && isObject(c.function) ? c.function : undefined;
        if (fn) {
          calls.push(str(fn.name));
          args.push(str(fn.arguments));
        }
      }
    }
    // In Anthropic shape tool results arrive inside a user turn: treat a turn of only results as a tool turn.
    const onlyResults = Array.isArray(m.content) && m.content.length > 0 && m.content.every((b) => isObject(b) && b.type === 'tool_result');
    messages.push({ role: onlyResults ? 'tool' : role, text, toolCalls: calls, toolArgs: args.join('\n') });
  }
  const rf = isObject(body.response_format) ? str(body.response_format.type) : '';
  const toolChoice = body.tool_choice !== undefined && body.tool_choice !== 'none';
  return { ok: true, request: { shape, messages, toolsOffered: tools, responseFormat: rf, toolChoice } };
}
