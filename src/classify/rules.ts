/**
 * Two rules from domain knowledge that turn request shape into lexicon evidence (never hard overrides:
 * the model weighs them like any cue). Each fixed a failure of the source split that no learned word
 * could, because no train source of that tag phrases its rows that way.
 */
import { LEX_TAGS } from './lexicon.ts';
import { hashString, type TokenBuffer } from './tokenize.ts';
import type { Transcript } from './transcript.ts';

/**
 * Topic beats form: a question about operations or security belongs to that tag (the taxonomy says
 * so), and "which category...", "what is the sum...", "how do you say... in Italian?" are tasks asked
 * as questions, not generic Q&A; so when the last message names such a task with a strong cue, the Q&A
 * cues count for it. Tags whose words often come up in plain questions (a novel's plot, a stock's
 * history, a function's name) are left out: chosen on the source split, where adding code, extraction
 * and finance to the list raised the held-out calibration error past 0.05 for no macro-F1.
 * Security beats operations: a question about servers' vulnerabilities is a security one.
 */
const QA = LEX_TAGS.indexOf('qa_knowledge');
const TOPICS = ['devops', 'security_audit', 'math', 'classification_tagging', 'summarization', 'translation'].map((t) =>
  LEX_TAGS.indexOf(t),
);

const OPS = LEX_TAGS.indexOf('devops');
const SECURITY = LEX_TAGS.indexOf('security_audit');

export function topicBeatsForm(lex: Float32Array): void {
  if (lex[SECURITY]! >= 1 && lex[OPS]! > 0) {
    lex[SECURITY] = lex[SECURITY]! + lex[OPS]!;
    lex[OPS] = 0;
  }
  let best = -1;
  for (const t of TOPICS) if (lex[t]! >= 1 && (best < 0 || lex[t]! > lex[best]!)) best = t;
  if (best < 0 || lex[QA]! === 0) return;
  lex[best] = lex[best]! + lex[QA]!;
  lex[QA] = 0;
}

/**
 * Noun beats verb: "write a SQL query", "write a Dockerfile", "create a React component" name their
 * domain with a noun and the generic generation verb says nothing about it; "summarize this article"
 * names its task with a verb and the article is only the input. When a code, data or specific text
 * task's cues in the last message are at least as strong as the content-writing cues, the writing cues
 * count for that task instead, as topicBeatsForm does for Q&A.
 */
const WRITING = LEX_TAGS.indexOf('content_writing');
const DOMAINS = [
  'code:general_impl',
  'code:debugging',
  'code:frontend_ui',
  'code:review_security',
  'code:sql_database',
  'code:devops_config',
  'data:extraction',
  'data:transformation',
  'summarization',
].map((t) => LEX_TAGS.indexOf(t));

export function nounBeatsVerb(lex: Float32Array): void {
  let best = -1;
  for (const t of DOMAINS) if (lex[t]! >= 1 && (best < 0 || lex[t]! > lex[best]!)) best = t;
  if (best < 0 || lex[WRITING]! === 0 || lex[WRITING]! > lex[best]!) return;
  lex[best] = lex[best]! + lex[WRITING]!;
  lex[WRITING] = 0;
}

/**
 * A bare image prompt is a short one-line noun phrase ("a wooden chair and a fluffy teddy bear"): one
 * user turn that opens with an article or a number word and asks nothing. It counts as an image cue.
 */
export const IMAGE = LEX_TAGS.indexOf('image_prompting');
const NP_OPENERS = new Set(['a', 'an', 'the', 'two', 'three', 'four', 'five', 'several', 'many'].map(hashString));

export function bareImagePrompt(t: Transcript, text: string, buf: TokenBuffer): boolean {
  if (t.segments.length !== 1 || t.signals.toolsOffered.length > 0 || buf.count < 4 || text.length > 200) return false;
  return buf.lines === 0 && !text.includes('?') && NP_OPENERS.has(buf.words[0]!);
}

/**
 * An either-or question about given material ("Would you say he was satisfied or dissatisfied?",
 * "...to a politician, an athlete, or a scientist?") asks to label that material: its options are the
 * labels. Only in a message long enough to hold the material beside the question; the last option
 * is a few words, so a question that merely contains "or" somewhere does not count.
 */
export const CLASSIFY = LEX_TAGS.indexOf('classification_tagging');
const CHOICE_MIN = 150;
const CHOICE_SPAN = 80;

export function choiceQuestion(text: string): boolean {
  if (text.length < CHOICE_MIN) return false;
  for (let q = text.indexOf('?'); q >= 0; q = text.indexOf('?', q + 1)) {
    const span = text.slice(Math.max(0, q - CHOICE_SPAN), q);
    const o = span.lastIndexOf(' or ');
    if (o < 0) continue;
    const option = span.slice(o + 4);
    if (!/[.!\n]/.test(option) && option.split(' ').length <= 8) return true;
  }
  return false;
}
