/**
 * The canonical transcript: either request shape turned into the same segments, structural signals and
 * one text. It lives in memory only; nothing here is stored or logged.
 */
import type { RequestBody } from './interface.ts';
import { type PlainMessage, parseBody, type Role } from './parse.ts';

/** Each turn is cut to this many characters (head and tail kept: questions often come last). */
export const TURN_CHARS = 3000;
/** The system prompt keeps only its head: it sets the scene, the last turns say what happens next. */
export const SYSTEM_CHARS = 1500;
/** Total budget of all turns; older turns are dropped first. */
export const TOTAL_CHARS = 12000;
/**
 * Bounds on what the classifier reads whatever the request holds, so its work per request is bounded
 * too: kept turns (many tiny turns would otherwise pass the character budget), tool names offered (the
 * first; OpenAI allows 128) and called (the latest), and each name's length (OpenAI allows 64).
 */
export const MAX_SEGMENTS = 512;
export const MAX_TOOLS = 512;
export const MAX_NAME_CHARS = 128;
/** Tool calls named per kept turn (the latest): what a turn did, not a log of it. */
export const MAX_TURN_CALLS = 16;

export interface Segment {
  role: Role;
  text: string;
  /** Names of the tools the turn called (assistant turns). */
  toolCalls: string[];
}

/** Facts about the request's structure that carry signal of their own. */
export interface Signals {
  shape: 'openai' | 'anthropic';
  toolsOffered: string[];
  /** Every tool call made so far, in order. */
  toolCalls: string[];
  lastRole: Role;
  /** Non-system messages in the request (before any were dropped for length). */
  turns: number;
  hasSystem: boolean;
  /** `response_format.type`, or '' when absent. */
  responseFormat: string;
  toolChoice: boolean;
  /** Number of ``` fences in the kept text. */
  codeFences: number;
}

/**
 * A request reduced to what the classifiers read.
 *
 * @example
 * const r = parseRequest({ messages: [{ role: 'user', content: 'Translate to French: hello' }] });
 * if (r.ok) r.transcript.text; // 'user: Translate to French: hello'
 */
export interface Transcript {
  /** Kept turns, oldest first; a system segment, when present, is first. */
  segments: Segment[];
  signals: Signals;
  /** The segments as one text, `role: text` blocks separated by blank lines. */
  text: string;
}

export type ParseRequestResult = { ok: true; transcript: Transcript } | { ok: false; reason: string };

/** How much of a long turn's middle is kept around the latest agent event (see `cut`). */
const EVENT_CHARS = 500;
/**
 * Markers of one event of an agent log embedded in a message: a JSON monologue's action, a CodeAct
 * block. Such a log is often followed by the prompt's fixed instructions, so its latest event (what the
 * agent just did or means to do next) sits in the middle of the message, where head and tail miss it.
 */
const EVENT_MARKERS = ['"action": "', '<execute_'];

/**
 * How far before the tail the latest event is looked for: what follows an agent log is a page or two
 * of instructions, and a bounded search keeps a long message without events cheap.
 */
const EVENT_WINDOW = 4000;

/** Start of the last agent event that begins and ends between `from` and `to`, or -1. */
function latestEvent(text: string, from: number, to: number): number {
  const lo = Math.max(from, to - EVENT_WINDOW);
  let best = -1;
  for (const m of EVENT_MARKERS) {
    for (let at = text.indexOf(m, lo); at >= 0 && at + m.length <= to; at = text.indexOf(m, at + m.length)) if (at > best) best = at;
  }
  return best;
}

/**
 * Keep the head and the tail of a long turn (questions often come last), and the latest agent event
 * of its middle when it has one. Never longer than `max` plus the separators of a plain cut.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = Math.floor(max * 0.67);
  const tail = text.length - (max - head);
  const ev = latestEvent(text, head, tail);
  if (ev < 0) return `${text.slice(0, head)}\n…\n${text.slice(tail)}`;
  const evEnd = Math.min(tail, ev + EVENT_CHARS);
  head -= evEnd - ev + 3;
  return `${text.slice(0, head)}\n…\n${text.slice(ev, evEnd)}\n…\n${text.slice(tail)}`;
}

function countFences(text: string): number {
  let n = 0;
  for (let i = text.indexOf('```'); i !== -1; i = text.indexOf('```', i + 3)) n++;
  return n;
}

/** Names cut to MAX_NAME_CHARS. */
function names(list: string[]): string[] {
  return list.map((n) => (n.length > MAX_NAME_CHARS ? n.slice(0, MAX_NAME_CHARS) : n));
}

/** The last MAX_TOOLS tool calls of the conversation, oldest first. */
function latestCalls(turns: PlainMessage[]): string[] {
  const out: string[] = [];
  for (let i = turns.length - 1; i >= 0 && out.length < MAX_TOOLS; i--) {
    const calls = turns[i]!.toolCalls;
    for (let k = calls.length - 1; k >= 0 && out.length < MAX_TOOLS; k--) out.push(calls[k]!);
  }
  return names(out.reverse());
}

/**
 * Validate a request body of either shape and build its transcript. Never throws.
 *
 * @example
 * parseRequest({ model: 'x' }); // { ok: false, reason: 'messages is missing: ...' }
 */
export function parseRequest(body: RequestBody | unknown): ParseRequestResult {
  const parsed = parseBody(body);
  if (!parsed.ok) return parsed;
  const { messages, shape, responseFormat, toolChoice } = parsed.request;
  const toolsOffered = names(parsed.request.toolsOffered.slice(0, MAX_TOOLS));
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.text)
    .join('\n');
  const turns = messages.filter((m) => m.role !== 'system');
  const kept: Segment[] = [];
  let budget = TOTAL_CHARS;
  for (let i = turns.length - 1; i >= 0 && budget > 0 && kept.length < MAX_SEGMENTS; i--) {
    const m = turns[i]!;
    const calls = m.toolCalls.length > 0 ? `\n${m.toolCalls.map((c) => `[call ${c}]`).join(' ')} ${m.toolArgs}` : '';
    // Always keep the last turn whole (up to TURN_CHARS); earlier ones share what is left.
    const text = cut(m.text + calls, Math.min(TURN_CHARS, i === turns.length - 1 ? TURN_CHARS : budget));
    budget -= text.length;
    kept.push({ role: m.role, text, toolCalls: names(m.toolCalls.slice(-MAX_TURN_CALLS)) });
  }
  kept.reverse();
  if (system.length > 0) kept.unshift({ role: 'system', text: system.slice(0, SYSTEM_CHARS), toolCalls: [] });
  const text = kept.map((s) => `${s.role}: ${s.text}`).join('\n\n');
  const last = messages[messages.length - 1]!;
  return {
    ok: true,
    transcript: {
      segments: kept,
      text: toolsOffered.length > 0 ? `tools: ${toolsOffered.join(', ')}\n\n${text}` : text,
      signals: {
        shape,
        toolsOffered,
        toolCalls: latestCalls(turns),
        lastRole: last.role,
        turns: turns.length,
        hasSystem: system.length > 0,
        responseFormat,
        toolChoice,
        codeFences: countFences(text),
      },
    },
  };
}
