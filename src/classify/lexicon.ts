/**
 * Lookup tables over the cue words of `cues.ts`, keyed by the tokenizer's word and bigram hashes so
 * that cues are counted during feature extraction at no extra pass over the text. Cue counts become
 * features the model weighs plus a fixed prior (see `model.ts`), never hard overrides.
 */
import { TAG_IDS } from '../taxonomy/index.ts';
import { STRONG, TOOL_CUES, WEAK } from './cues.ts';
import { mix, phraseHashes } from './tokenize.ts';

/** How much a weak cue counts next to a strong one. */
export const WEAK_CUE = 0.3;

/** Tags in the order the lexicon counts them (the 30 tags; `other` has no cues). */
export const LEX_TAGS: readonly string[] = TAG_IDS;

/**
 * An open-addressing table from hash to tag indexes: looked up twice per word on the hot path, where a
 * `Map` with 32-bit keys (heap numbers in V8) was measurably slower.
 */
export class CueTable {
  private readonly keys = new Uint32Array(4096);
  private readonly vals: number[][] = [];
  private readonly slots = new Int32Array(4096).fill(-1);

  set(key: number, tags: number[]): void {
    let s = Math.imul(key, 0x9e3779b1) >>> 20;
    while (this.slots[s] !== -1 && this.keys[s] !== key) s = (s + 1) & 4095;
    if (this.slots[s] === -1) {
      this.keys[s] = key;
      this.slots[s] = this.vals.length;
      this.vals.push(tags);
    } else this.vals[this.slots[s]!] = tags;
  }

  get(key: number): number[] | undefined {
    let s = Math.imul(key, 0x9e3779b1) >>> 20;
    for (;;) {
      const v = this.slots[s]!;
      if (v === -1) return undefined;
      if (this.keys[s] === key) return this.vals[v];
      s = (s + 1) & 4095;
    }
  }
}

/** Table values are `tag * 2 + (weak ? 1 : 0)`: one small int per cue, no objects on the hot path. */
function buildTable(strong: Record<string, string[]>, weak: Record<string, string[]> = {}): CueTable {
  const table = new Map<number, number[]>();
  const entries = [
    ...Object.entries(strong).map(([t, p]) => [t, p, 0] as const),
    ...Object.entries(weak).map(([t, p]) => [t, p, 1] as const),
  ];
  for (const [tag, phrases, isWeak] of entries) {
    const t = LEX_TAGS.indexOf(tag);
    if (t < 0) throw new Error(`lexicon names an unknown tag: ${tag}`);
    for (const phrase of phrases) {
      const h = phraseHashes(phrase);
      // Two-word cues are matched through the bigram hash, which is how the features see word pairs.
      const key = h.length === 1 ? h[0]! : h.length === 2 ? mix(h[0]!, h[1]!) : undefined;
      if (key === undefined) throw new Error(`lexicon cue must be one or two words: ${phrase}`);
      const list = table.get(key) ?? [];
      if (!list.some((v) => v >> 1 === t)) list.push(t * 2 + isWeak);
      table.set(key, list);
    }
  }
  const out = new CueTable();
  for (const [k, v] of table) out.set(k, v);
  return out;
}

/** Word hash or bigram hash → `tag * 2 + weak` for tags indexed into LEX_TAGS. */
export const TEXT_CUES: CueTable = buildTable(STRONG, WEAK);
export const TOOL_NAME_CUES: CueTable = buildTable(TOOL_CUES);
