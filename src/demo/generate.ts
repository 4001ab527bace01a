/**
 * The demo dataset: realistic synthetic sampled traffic over the last 30 days, across all 30 tags and a
 * few dozen real model ids, skewed like real platforms are (coding and agents dominate), with token
 * counts that depend on the task. Deterministic from a seed. It yields ordinary event records with an
 * upstream `tag`, which go through the same ingestion code as any gateway's.
 */

import { addDays, utcDay } from '../shares/window.ts';
import { TAGS } from '../taxonomy/index.ts';
import { prng } from '../util/prng.ts';
import { DEMO_MODELS } from './models.ts';

export interface DemoOptions {
  seed: number;
  /** The demo ends on the day of `nowMs` (a partial day: up to `nowMs`). */
  nowMs: number;
  days: number;
  /** Average events per day. */
  perDay: number;
}

export const DEFAULT_DEMO: Omit<DemoOptions, 'nowMs'> = { seed: 42, days: 30, perDay: 2_000 };

/** How the demo's events are told apart from real ones: both their id and their app say so. */
export const DEMO_EVENTS = { idPrefix: 'demo-', appPrefix: 'demo-' } as const;
const DEMO_APPS = ['demo-ide', 'demo-chat', 'demo-agents', 'demo-api'];

function pickWeighted<T>(items: readonly T[], weights: readonly number[], r: number): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i]!;
    if (x < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/** Zipf-like popularity by taxonomy order, with coding and agent work lifted, as on public rankings. */
const TAG_WEIGHTS = TAGS.map((t, i) => (1 / (i + 1) ** 0.9) * (t.macroCategory === 'code' ? 2.2 : t.macroCategory === 'agent' ? 1.4 : 1));
const TAG_TOKENS: Record<string, [prompt: number, completion: number]> = {
  'code:file_read_write': [18_000, 600],
  'code:repo_scan': [22_000, 400],
  'code:shell_execution': [15_000, 300],
  'code:general_impl': [6_000, 1_800],
  'code:debugging': [7_000, 1_200],
  research_report: [9_000, 3_000],
  summarization: [8_000, 500],
  translation: [700, 700],
  classification_tagging: [500, 20],
  conversational_reply: [2_500, 250],
  roleplay_fiction: [6_000, 450],
  'agent:web_search': [5_000, 700],
  math: [400, 900],
};

function modelWeights(tag: string): number[] {
  return DEMO_MODELS.map((m) => m.weight * (m.strengths.some((s) => tag === s || tag.startsWith(s)) ? 4 : 1));
}

/** A log-normal-ish positive integer around `median`. */
function tokens(median: number, r: () => number): number {
  const gaussian = (r() + r() + r() + r() - 2) * 1.2;
  return Math.max(1, Math.round(median * Math.exp(gaussian * 0.6)));
}

export function* generateDemoEvents(options: DemoOptions): Generator<Record<string, unknown>> {
  const r = prng(options.seed);
  const today = utcDay(options.nowMs);
  const weights = new Map(TAGS.map((t) => [t.tag, modelWeights(t.tag)]));
  let n = 0;
  for (let d = options.days - 1; d >= 0; d--) {
    const day = addDays(today, -d);
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    const weekday = new Date(dayStart).getUTCDay();
    const volume = Math.round(options.perDay * (weekday === 0 || weekday === 6 ? 0.7 : 1.1) * (0.9 + r() * 0.2));
    // The last day is the current one, up to now.
    const span = Math.min(86_400_000, options.nowMs - dayStart);
    for (let i = 0; i < volume; i++) {
      const isOther = r() < 0.04;
      const tag = isOther ? 'other' : pickWeighted(TAGS, TAG_WEIGHTS, r()).tag;
      const model = r() < 0.03 ? null : pickWeighted(DEMO_MODELS, weights.get(tag) ?? DEMO_MODELS.map((m) => m.weight), r()).id;
      const [p, c] = TAG_TOKENS[tag] ?? [1_500, 500];
      yield {
        id: `${DEMO_EVENTS.idPrefix}${options.seed}-${n++}`,
        timestamp: dayStart + Math.floor(r() * span),
        model,
        usage: { prompt_tokens: tokens(p, r), completion_tokens: tokens(c, r) },
        user: `demo-user-${Math.floor(r() ** 2 * 5_000)}`,
        app: pickWeighted(DEMO_APPS, [4, 3, 2, 1], r()),
        tag,
      };
    }
  }
}
