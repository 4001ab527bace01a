/**
 * Transcript → sparse hashed features. Three kinds:
 * - words of the last message (unigrams, bigrams, 5-letter prefixes), which say what is asked now;
 * - words of the context (system prompt head and earlier turns), weighed less;
 * - structure: tools offered and called, roles, `response_format`, code fences, character statistics,
 *   and counts of the lexicon's cue words (see `lexicon.ts`).
 * Hashes are raw 32-bit; the model masks them to its own dimension.
 */
import { isTextAgent, isWorkspaceAgent, lastAction, nextActionCue } from './agent.ts';
import { LEX_TAGS, TEXT_CUES, TOOL_NAME_CUES, WEAK_CUE } from './lexicon.ts';
import { bareImagePrompt, CLASSIFY, choiceQuestion, IMAGE, nounBeatsVerb, topicBeatsForm } from './rules.ts';
import { hashString, mix, newTokenBuffer, type TokenBuffer, tokenize } from './tokenize.ts';
import type { Transcript } from './transcript.ts';

/** Tokens kept per zone: enough for the ask, bounded so that long rows cost what short ones do. */
const LAST_TOKENS = 600;
const CTX_TOKENS = 400;
const NS = {
  last: 0x1001,
  bi: 0x1002,
  prefix: 0x1003,
  ctx: 0x1004,
  struct: 0x1005,
  tool: 0x1006,
  call: 0x1007,
  first: 0x1008,
  act: 0x1009,
  tail: 0x100a,
  label: 0x100b,
  wrap: 0x100c,
};
/** The end of the last message, featurized again on its own: a long input's ask usually comes last. */
const TAIL_CHARS = 240;
/** Messages shorter than this have no separate tail zone: all their words are featurized already. */
const TAIL_MIN = 1000;
/** A first line longer than this many words is not an instruction line. */
const HEAD_WORDS = 40;
/** How much a cue on such an instruction line counts. */
const HEAD_CUE = 2;
/**
 * In a long message, what follows the instruction is its input (a story to summarize, a report to
 * extract from, a transcript to classify): its words name the input's topic, not the task. At full
 * weight a story to summarize reads as roleplay and a market report as finance. They and their cues
 * weigh this much. The instruction is the first line when it is short (HEAD_WORDS), else the first
 * BODY_FROM words. Chosen on all 52 LOSO folds (docs/classifier.md).
 */
const BODY_WEIGHT = 0.25;
const BODY_FROM = 60;
const WRAP = 1;
/**
 * Weight of a text agent's words (agent.ts): its message is mostly the framework's manual and history,
 * a template train has seen with only some next steps, so at full weight the template decides the step.
 */
const TEXT_AGENT_WORDS = 0.3;
/**
 * A text agent's words are also learned apart from prose (their own hash space): weighed down, they get
 * larger weights, which would otherwise carry the agent tags into long prose prompts sharing those words.
 */
const AGENT_SPACE = 0x10000;

/**
 * The hand-written cue groups, each switchable so that eval can measure what it is worth on held-out
 * sources (docs/classifier-eval.md, ablation table). All on in production; only eval turns one off.
 */
export const CUE_GROUPS = {
  /** STRONG words of cues.ts. */
  strongWords: true,
  /** WEAK words of cues.ts. */
  weakWords: true,
  /** A cue on an instruction's first line counts double. */
  headLine: true,
  /** A long message's input, after its instruction, weighs BODY_WEIGHT (words and cues). */
  bodyDamping: true,
  /** The cues of a long message's tail (its last TAIL_CHARS) count in full: an ask often comes last. */
  tailCues: true,
  /** rules.ts: ops/security topic takes Q&A cues; a code/data noun takes writing cues; bare image prompt. */
  topicBeatsForm: true,
  nounBeatsVerb: true,
  bareImage: true,
  /** rules.ts: an either-or question about given material is a classification cue. */
  choiceQuestion: true,
  /** TOOL_CUES of cues.ts: tool names offered or called. */
  toolNames: true,
  /** agent.ts: a workspace agent's next step from the ask and its last tool (no train row has this shape). */
  workspaceNext: true,
};
export type CueGroup = keyof typeof CUE_GROUPS;

/** Scratch space of one extractor; reused, so classification allocates almost nothing. */
export interface FeatureBuffer {
  hashes: Uint32Array;
  values: Float32Array;
  count: number;
  /** Lexicon cue counts per LEX_TAGS index, in the last message and in the context. */
  lexLast: Float32Array;
  lexCtx: Float32Array;
  /** Share of the offered tools whose names cue each tag, plus 1 when the last call's name does. */
  lexTool: Float32Array;
}

/** The fixed-prior evidence for LEX_TAGS index `i`: cue counts, damped, and tool-name cues. */
export function cueScore(f: FeatureBuffer, i: number): number {
  return Math.log1p(f.lexLast[i]!) + 0.5 * Math.log1p(f.lexCtx[i]!) + f.lexTool[i]!;
}

export function newFeatureBuffer(): FeatureBuffer {
  const cap = 4 * (LAST_TOKENS + CTX_TOKENS) + 512;
  return {
    hashes: new Uint32Array(cap),
    values: new Float32Array(cap),
    count: 0,
    lexLast: new Float32Array(LEX_TAGS.length),
    lexCtx: new Float32Array(LEX_TAGS.length),
    lexTool: new Float32Array(LEX_TAGS.length),
  };
}

const lastBuf = newTokenBuffer(LAST_TOKENS);
const ctxBuf = newTokenBuffer(CTX_TOKENS);
const tailBuf = newTokenBuffer(TAIL_CHARS);
const noLex = new Float32Array(LEX_TAGS.length);
const structCache = new Map<string, number>();
/** Hash of a named structural feature, cached: the same few hundred names recur on every request. */
const named = (name: string): number => {
  let h = structCache.get(name);
  if (h === undefined) structCache.set(name, (h = mix(NS.struct, hashString(name))));
  return h;
};

function push(out: FeatureBuffer, hash: number, value: number): void {
  if (out.count >= out.hashes.length) return;
  out.hashes[out.count] = hash;
  out.values[out.count++] = value;
}

const bucket = (n: number, edges: readonly number[]): number => {
  let i = 0;
  while (i < edges.length && n >= edges[i]!) i++;
  return i;
};

const bucketCache = new Map<string, number[]>();
/** `named(prefix + i)` without building the string on every request. */
function namedBucket(prefix: string, i: number): number {
  let hs = bucketCache.get(prefix);
  if (hs === undefined) bucketCache.set(prefix, (hs = []));
  return (hs[i] ??= named(`${prefix}${i}`));
}
const E_TOOLS = [1, 2, 6];
const E_CALLS = [1, 2, 5];
const E_TURNS = [2, 3, 5, 9];
const E_FENCES = [1, 2];
const E_LEN = [40, 120, 400, 1200, 2500];
const E_CJK = [0.05, 0.3];
const E_CODE = [0.01, 0.03, 0.06];
const E_DIGITS = [0.01, 0.05, 0.15];
const E_LINES = [1, 4, 16];
const E_PIPES = [1, 6];
const keyCache = new Map<string, Map<string, number>>();
/** `named(prefix + key)` for a key from a small set (roles, formats), without building the string each time. */
function namedKey(prefix: string, key: string): number {
  let m = keyCache.get(prefix);
  if (m === undefined) keyCache.set(prefix, (m = new Map()));
  let h = m.get(key);
  if (h === undefined) {
    h = named(`${prefix}${key}`);
    if (m.size < 1000) m.set(key, h);
  }
  return h;
}
const LEX_L = LEX_TAGS.map((_, i) => named(`lexL:${i}`));
const LEX_C = LEX_TAGS.map((_, i) => named(`lexC:${i}`));

/** Length of `text` without trailing whitespace (what `trimEnd()` would keep), without a copy. */
function trimmedEnd(text: string): number {
  let e = text.length;
  for (;;) {
    const c = text.charCodeAt(e - 1);
    if (
      e > 0 &&
      (c === 32 ||
        (c >= 9 && c <= 13) ||
        c === 0xa0 ||
        c === 0x3000 ||
        c === 0xfeff ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x202f ||
        c === 0x205f)
    )
      e--;
    else return e;
  }
}

function reset(buf: TokenBuffer): void {
  buf.count = buf.cjk = buf.code = buf.digits = buf.lines = buf.pipes = 0;
  buf.firstLine = -1;
}

/** Where a long message's input starts: after a short first line, else after BODY_FROM words. */
function bodyStart(buf: TokenBuffer): number {
  return buf.firstLine > 0 && buf.firstLine < HEAD_WORDS ? buf.firstLine : BODY_FROM;
}

/** Word features of `buf`; the words from index `body` on weigh BODY_WEIGHT (see there). */
function words(
  out: FeatureBuffer,
  buf: TokenBuffer,
  ns: number,
  weight: number,
  bigrams: boolean,
  lex: Float32Array,
  space = 0,
  body = Number.POSITIVE_INFINITY,
): void {
  const n = buf.count;
  const w = weight / Math.sqrt(n + 1);
  // Cues of a first line that is followed by more text (an instruction before its input) count double.
  const head = CUE_GROUPS.headLine && buf.firstLine > 0 && buf.firstLine < HEAD_WORDS ? buf.firstLine : 0;
  const strongW = CUE_GROUPS.strongWords ? 1 : 0;
  const weakW = CUE_GROUPS.weakWords ? WEAK_CUE : 0;
  // The output buffer in locals (hot path: every word); `count` is written back at the end.
  const hashes = out.hashes;
  const values = out.values;
  const cap = hashes.length;
  const words = buf.words;
  const nsUni = ns ^ space;
  const nsBi = NS.bi ^ space;
  let count = out.count;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const h = words[i]!;
    const damp = i >= body ? BODY_WEIGHT : 1;
    const strong = (i < head ? HEAD_CUE : 1) * damp;
    const wi = w * damp;
    if (count < cap) {
      hashes[count] = mix(nsUni, h);
      values[count++] = wi;
    }
    const cue = TEXT_CUES.get(h);
    if (cue) for (const v of cue) lex[v >> 1] = lex[v >> 1]! + strong * (v & 1 ? weakW : strongW);
    if (i > 0) {
      const bi = mix(prev, h);
      if (bigrams && count < cap) {
        hashes[count] = mix(nsBi, bi);
        values[count++] = wi;
      }
      const cue2 = TEXT_CUES.get(bi);
      if (cue2) for (const v of cue2) lex[v >> 1] = lex[v >> 1]! + strong * (v & 1 ? weakW : strongW);
    }
    prev = h;
  }
  // Prefixes after the words, so that features of one value come in one run (see `logits`).
  if (bigrams) {
    const prefixes = buf.prefixes;
    const nsPre = NS.prefix ^ space;
    const half = w * 0.5;
    for (let i = 0; i < n && count < cap; i++) {
      if (prefixes[i] !== 0) {
        hashes[count] = mix(nsPre, prefixes[i]!);
        values[count++] = i >= body ? half * BODY_WEIGHT : half;
      }
    }
  }
  out.count = count;
}

const CONFIRM = new Set(['yes', 'yeah', 'yep', 'sure', 'ok', 'okay', 'confirm', 'confirmed', 'correct', 'proceed', 'go'].map(hashString));

/**
 * Whether a message holds an identifier: a token mixing letters and digits (a booking code `EUJUY6`, an
 * order number `A1234`) or joined by underscores (a user id `anna_lee_1234`). One pass, no allocation.
 */
export function hasIdentifier(text: string): boolean {
  let letters = 0;
  let digits = 0;
  let under = 0;
  const n = Math.min(text.length, 2000);
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    else if (c >= 48 && c <= 57) digits++;
    else if (c === 95 && letters > 0) under++;
    else {
      if (letters > 0 && digits > 0 && letters + digits + under >= 5 && (under > 0 || letters + digits <= 12)) return true;
      letters = digits = under = 0;
    }
  }
  return false;
}

/** Split a tool name into lowercase words: `get_user_details`, `getUserDetails`, `web.search`. */
export function toolWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const toolCache = new Map<string, { hashes: number[]; cues: number[] }>();
/** Word hashes and cued tags of a tool name, cached: agents send the same tool list on every turn. */
function toolInfo(name: string): { hashes: number[]; cues: number[] } {
  let info = toolCache.get(name);
  if (info === undefined) {
    const hashes = toolWords(name).map(hashString);
    const cues = [...new Set(hashes.flatMap((h) => (TOOL_NAME_CUES.get(h) ?? []).map((v) => v >> 1)))];
    info = { hashes, cues };
    if (toolCache.size < 10_000) toolCache.set(name, info);
  }
  return info;
}

/** Tool-name words as features; `share` adds to lexTool each tag's share of names cueing it. */
function tools(out: FeatureBuffer, names: string[], ns: number, prefix: string, weight: number, share: number): void {
  let n = 0;
  for (const name of names) n += toolInfo(name).hashes.length;
  const v = weight / Math.sqrt(n + 1);
  for (const name of names) {
    const info = toolInfo(name);
    for (const h of info.hashes) push(out, mix(ns, h), v);
    if (!CUE_GROUPS.toolNames) continue;
    for (const t of info.cues) {
      push(out, named(`${prefix}:${t}`), weight / names.length);
      out.lexTool[t] = out.lexTool[t]! + share / names.length;
    }
  }
}

/** Fill `out` with the features of `t`; returns `out`. */
export function extractFeatures(t: Transcript, out: FeatureBuffer = newFeatureBuffer()): FeatureBuffer {
  out.count = 0;
  out.lexLast.fill(0);
  out.lexCtx.fill(0);
  out.lexTool.fill(0);
  const segs = t.segments;
  const last = segs[segs.length - 1]!;
  reset(lastBuf);
  reset(ctxBuf);
  tokenize(last.text, lastBuf);
  // Context: the system head, then earlier turns newest first, until the token budget is spent.
  for (let i = 0; i < segs.length - 1 && segs[i]!.role === 'system'; i++)
    tokenize(segs[i]!.text, ctxBuf, 0, Math.min(segs[i]!.text.length, 1200));
  for (let i = segs.length - 2; i >= 0 && ctxBuf.count < CTX_TOKENS; i--) if (segs[i]!.role !== 'system') tokenize(segs[i]!.text, ctxBuf);
  const textAgent = isTextAgent(t);
  const ww = textAgent ? TEXT_AGENT_WORDS : 1;
  const space = textAgent ? AGENT_SPACE : 0;
  const lastEnd = trimmedEnd(last.text);
  const body = CUE_GROUPS.bodyDamping && lastEnd > TAIL_MIN ? bodyStart(lastBuf) : Number.POSITIVE_INFINITY;
  words(out, lastBuf, NS.last, ww, true, out.lexLast, space, body);
  words(out, ctxBuf, NS.ctx, 0.6 * ww, false, out.lexCtx, space);
  reset(tailBuf);
  tokenize(last.text, tailBuf, Math.max(0, lastEnd - TAIL_CHARS), lastEnd);
  // Only a long message's tail says something its words (featurized above) do not already say.
  // Its cues count too: with the input damped, an ask after the input ("...Summarize the above.") would
  // otherwise weigh a quarter.
  if (lastEnd > TAIL_MIN) words(out, tailBuf, NS.tail, 0.7 * ww, false, CUE_GROUPS.tailCues ? out.lexLast : noLex, space);
  // A trailing label ("Title:", "Summary:", "Answer:") names the output the prompt expects.
  if (tailBuf.count > 0 && last.text.charCodeAt(lastEnd - 1) === 58) push(out, mix(NS.label, tailBuf.words[tailBuf.count - 1]!), 1);
  if (CUE_GROUPS.topicBeatsForm) topicBeatsForm(out.lexLast);
  if (CUE_GROUPS.nounBeatsVerb) nounBeatsVerb(out.lexLast);
  if (CUE_GROUPS.bareImage && segs.length === 1 && t.signals.toolsOffered.length === 0 && bareImagePrompt(t, last.text.trim(), lastBuf))
    out.lexLast[IMAGE] = out.lexLast[IMAGE]! + 1;
  if (CUE_GROUPS.choiceQuestion && choiceQuestion(last.text)) out.lexLast[CLASSIFY] = out.lexLast[CLASSIFY]! + 1;
  if (lastBuf.count > 0) push(out, mix(NS.first ^ space, lastBuf.words[0]!), 0.5);
  // The wrapper: how the last message opens and how it ends. An app sends the same template on every
  // request, so a seen wrapper is strong evidence; an unseen one matches nothing and costs nothing.
  // A text agent's wrapper is its framework's, the same whatever step comes next.
  if (lastBuf.count >= 2 && tailBuf.count >= 2 && !textAgent) {
    const open = mix(lastBuf.words[0]!, lastBuf.words[1]!);
    const close = mix(tailBuf.words[tailBuf.count - 2]!, tailBuf.words[tailBuf.count - 1]!);
    push(out, mix(NS.wrap, open), WRAP);
    push(out, mix(NS.wrap + 1, close), WRAP);
    push(out, mix(NS.wrap + 2, mix(open, close)), WRAP);
  }
  const s = t.signals;
  const workspace = s.toolsOffered.length > 0 && isWorkspaceAgent(s.toolsOffered, toolWords);
  // Learned tool words come from dispatch and booking sources only: no train source offers a coding
  // agent's tools, which would read as dispatch; they speak through the workspace cues alone (agent.ts).
  if (workspace) {
    if (CUE_GROUPS.workspaceNext) nextActionCue(t, toolWords, out.lexTool);
  } else {
    tools(out, s.toolsOffered, NS.tool, 'toolcue', 0.8, 1);
    tools(out, s.toolCalls, NS.call, 'callcue', 0.8, 0);
    const lastCall = s.toolCalls[s.toolCalls.length - 1];
    if (lastCall !== undefined) tools(out, [lastCall], NS.call + 1, 'lastcallcue', 0.8, 1);
  }
  if (s.toolsOffered.length > 0 && !workspace && s.lastRole === 'user') {
    // In a tool-using service chat, a user who gives an identifier or confirms is answered by a tool call.
    const id = hasIdentifier(last.text);
    const confirm = lastBuf.count > 0 && CONFIRM.has(lastBuf.words[0]!);
    if (id) push(out, named('user:id'), 1);
    if (confirm) push(out, named('user:confirm'), 1);
  }
  const act = lastAction(t);
  if (act !== '') push(out, mix(NS.act, hashString(act)), 1);
  if (textAgent) push(out, named('agent:text'), 1);
  // Interactions a linear model cannot form itself: one tool request vs. an agent loop vs. a chat.
  const cjk = lastBuf.cjk > 0;
  if (s.toolsOffered.length > 0)
    push(out, named(workspace ? 'tools:workspace' : s.turns === 1 && s.toolCalls.length === 0 ? 'tools:single' : 'tools:loop'), 1);
  else if (s.turns >= 3) push(out, named(cjk ? 'chat:multi:cjk' : 'chat:multi'), 1);
  const len = last.text.length;
  push(out, namedBucket('tools:', bucket(s.toolsOffered.length, E_TOOLS)), 1);
  push(out, namedBucket('calls:', bucket(s.toolCalls.length, E_CALLS)), 1);
  push(out, namedKey('last:', s.lastRole), 1);
  push(out, namedBucket('turns:', bucket(s.turns, E_TURNS)), 1);
  push(out, named(s.hasSystem ? 'sys:true' : 'sys:false'), 1);
  push(out, namedKey('rf:', s.responseFormat), 1);
  if (s.toolChoice) push(out, named('tool_choice'), 1);
  push(out, namedBucket('fences:', bucket(s.codeFences, E_FENCES)), 1);
  push(out, namedBucket('len:', bucket(len, E_LEN)), 1);
  push(out, namedBucket('cjk:', bucket(lastBuf.cjk / (len + 1), E_CJK)), 1);
  push(out, namedBucket('code:', bucket(lastBuf.code / (len + 1), E_CODE)), 1);
  push(out, namedBucket('digits:', bucket(lastBuf.digits / (len + 1), E_DIGITS)), 1);
  push(out, namedBucket('lines:', bucket(lastBuf.lines, E_LINES)), 1);
  push(out, namedBucket('pipes:', bucket(lastBuf.pipes, E_PIPES)), 1);
  const tail = last.text.charCodeAt(lastEnd - 1);
  push(out, named(tail === 63 || tail === 0xff1f ? 'end:?' : tail === 58 ? 'end::' : 'end:.'), 1);
  for (let i = 0; i < LEX_TAGS.length; i++) {
    if (out.lexLast[i]! > 0) push(out, LEX_L[i]!, Math.log1p(out.lexLast[i]!));
    if (out.lexCtx[i]! > 0) push(out, LEX_C[i]!, 0.5 * Math.log1p(out.lexCtx[i]!));
  }
  return out;
}
