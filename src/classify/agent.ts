/**
 * Coding agents (a shell, a file editor, a search tool offered together) are a request shape no train
 * source has: the code-agent rows are OpenHands text logs without a tools array, and every train row
 * that offers tools is a tool-dispatch, booking or memory row. Without this, a coding agent's first turn
 * looks like BFCL and is called tool dispatch. One piece of domain knowledge instead: which tools make
 * a workspace agent (its turns are file, shell or repo actions, not dispatch), and what such an agent
 * does next from the user's ask and its last action (search -> read, edit -> run). No train source has
 * this shape, so leave-one-source-out cannot measure it; the canonical check covers it. The text
 * agents' next-step cues were removed: they hurt on held-out sources (docs/classifier-ablation.md).
 */
import { LEX_TAGS } from './lexicon.ts';
import { hashString, newTokenBuffer, tokenize } from './tokenize.ts';
import type { Transcript } from './transcript.ts';

const FILE = LEX_TAGS.indexOf('code:file_read_write');
const SHELL = LEX_TAGS.indexOf('code:shell_execution');
const REPO = LEX_TAGS.indexOf('code:repo_scan');

/** Tool-name words per workspace capability. */
const CAPABILITY: [number, string[]][] = [
  [SHELL, ['bash', 'shell', 'terminal', 'ipython', 'cmd', 'exec', 'execute', 'command']],
  [FILE, ['file', 'editor', 'str', 'edit', 'write', 'read']],
  [REPO, ['grep', 'glob', 'ls', 'dir', 'directory', 'tree']],
];

const toMap = (table: [number, string[]][]): Map<number, number> =>
  new Map(table.flatMap(([t, ws]) => ws.map((w) => [hashString(w), t] as [number, number])));
const CAP_WORDS = toMap(CAPABILITY);

/** Words of an ask that say which workspace action comes next. */
const ASK: [number, string[]][] = [
  [
    REPO,
    [
      'find',
      'where',
      'search',
      'locate',
      'grep',
      'list',
      'overview',
      'structure',
      'explore',
      'defined',
      'usages',
      'calls',
      'directory',
      'directories',
      'folder',
      'codebase',
      'repo',
      'repository',
    ],
  ],
  [
    FILE,
    [
      'open',
      'read',
      'edit',
      'change',
      'modify',
      'add',
      'create',
      'write',
      'file',
      'update',
      'rename',
      'replace',
      'comment',
      'docstring',
      'readme',
    ],
  ],
  [
    SHELL,
    ['run', 'execute', 'install', 'start', 'build', 'compile', 'test', 'tests', 'check', 'command', 'launch', 'disk', 'pip', 'npm', 'git'],
  ],
];
const ASK_WORDS = toMap(ASK);

/** After an action of this kind the next one is usually of that kind (search → read, edit → run). */
const NEXT = new Map([
  [REPO, FILE],
  [FILE, SHELL],
]);

/** Capability of a tool name, or -1. */
function capability(words: string[]): number {
  for (const w of words) {
    const t = CAP_WORDS.get(hashString(w));
    if (t !== undefined) return t;
  }
  return -1;
}

const capCache = new Map<string, number>();
/** Capability of a tool name, cached: agents send the same tool list on every turn (hot path). */
function capabilityOf(name: string, toolWords: (name: string) => string[]): number {
  let c = capCache.get(name);
  if (c === undefined) {
    c = capability(toolWords(name));
    if (capCache.size < 10_000) capCache.set(name, c);
  }
  return c;
}

/** True when the offered tools span two workspace capabilities (one alone is too generic: `list_files`). */
export function isWorkspaceAgent(names: string[], toolWords: (name: string) => string[]): boolean {
  let first = -1;
  for (const name of names) {
    const c = capabilityOf(name, toolWords);
    if (c >= 0 && first >= 0 && c !== first) return true;
    if (c >= 0) first = c;
  }
  return false;
}

const buf = newTokenBuffer(400);

/** Adds workspace next-action evidence to `lexTool` (the fixed-prior channel of tool cues). */
export function nextActionCue(t: Transcript, toolWords: (name: string) => string[], lexTool: Float32Array): void {
  const segs = t.segments;
  let ask = '';
  for (let i = segs.length - 1; i >= 0 && ask === ''; i--) if (segs[i]!.role === 'user') ask = segs[i]!.text;
  buf.count = 0;
  tokenize(ask, buf, 0, Math.min(ask.length, 2000));
  const votes = new Float32Array(LEX_TAGS.length);
  for (let i = 0; i < buf.count; i++) {
    const tag = ASK_WORDS.get(buf.words[i]!);
    if (tag !== undefined) votes[tag] = votes[tag]! + 1;
  }
  const calls = t.signals.toolCalls;
  const last = calls[calls.length - 1];
  if (last !== undefined && t.signals.lastRole === 'tool') {
    const next = NEXT.get(capability(toolWords(last)));
    if (next !== undefined) votes[next] = votes[next]! + 1;
  }
  // Each capability offered is possible; the ask and the last action say which comes next.
  for (const name of t.signals.toolsOffered) {
    const cap = capability(toolWords(name));
    if (cap >= 0) lexTool[cap] = 0.5;
  }
  let best = -1;
  for (const tag of [REPO, FILE, SHELL]) if (votes[tag]! > 0 && (best < 0 || votes[tag]! > votes[best]!)) best = tag;
  if (best >= 0) lexTool[best] = lexTool[best]! + 1;
}

/**
 * A text agent: a coding agent that acts through its text rather than through a tools array (OpenHands
 * CodeAct's `<execute_bash>` blocks, or a JSON monologue of actions and observations). Its prompt is
 * mostly the environment's manual (bash, files, commands, plans), so its words are weighed down and
 * learned apart from prose (features.ts).
 */
export function isTextAgent(t: Transcript): boolean {
  const segs = t.segments;
  const last = segs[segs.length - 1]!.text;
  if (last.includes('<execute_') || (last.includes('"action": "') && last.includes('"args": {'))) return true;
  return segs[0]!.role === 'system' && segs[0]!.text.includes('<execute_');
}

const ACTION = /<execute_(bash|ipython|browse)>\s*([A-Za-z_][\w.-]*)/g;

/**
 * The agent's last action as a word: the command opening its last `<execute_*>` block (text agents such
 * as OpenHands CodeAct), e.g. `bash:ls`, `ipython:open_file`, or '' when there is none. What an agent just
 * did says much about what it does next (a failed find is followed by a listing), and a linear model
 * learns that from this one feature where it cannot from the observation's words.
 */
export function lastAction(t: Transcript): string {
  const segs = t.segments;
  const mono = monologueAction(segs[segs.length - 1]!.text);
  if (mono !== '') return mono;
  for (let i = segs.length - 1; i >= 0; i--) {
    if (segs[i]!.role !== 'assistant') continue;
    const text = segs[i]!.text;
    if (!text.includes('<execute_')) return '';
    let found = '';
    for (const m of text.matchAll(ACTION)) found = `${m[1]}:${m[2]!.toLowerCase()}`;
    return found;
  }
  return '';
}

/**
 * The last action of a JSON monologue agent (`{"action": "run", "args": {"command": "pwd"}}`) as
 * `run:pwd`, `read:`, `message:`, or '' when the text has none. String searches from the end only.
 */
export function monologueAction(text: string): string {
  const key = '"action": "';
  const at = text.lastIndexOf(key);
  if (at < 0 || !text.includes('"args": {')) return '';
  const start = at + key.length;
  const end = text.indexOf('"', start);
  if (end < 0 || end - start > 20) return '';
  const action = text.slice(start, end);
  if (action !== 'run') return `${action}:`;
  const ckey = '"command": "';
  const c = text.indexOf(ckey, end);
  if (c < 0 || c - end > 200) return 'run:';
  let i = c + ckey.length;
  const from = i;
  while (i < text.length && i - from < 20) {
    const ch = text.charCodeAt(i);
    if (!((ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95 || ch === 45 || ch === 46)) break;
    i++;
  }
  return `run:${text.slice(from, i).toLowerCase()}`;
}
