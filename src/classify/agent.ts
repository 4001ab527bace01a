/**
 * Coding agents (a shell, a file editor, a search tool offered together) are a request shape no train
 * source has: the code-agent rows are OpenHands text logs without a tools array, and every train row
 * that offers tools is a tool-dispatch, booking or memory row. Without this, a coding agent's first turn
 * looks like BFCL and is called tool dispatch. One piece of domain knowledge instead: which tools make
 * a workspace agent (its turns are file, shell or repo actions, not dispatch), so that their names are
 * not read as a dispatch source's. Hand-written next-step cues (from the ask, the last tool, a text
 * agent's last or planned command) were removed: they did not help on held-out sources
 * (docs/classifier-ablation.md).
 */
import { LEX_TAGS } from './lexicon.ts';
import { hashString } from './tokenize.ts';
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
