/**
 * The classifier that ingestion and `taskshare classify` both use: the built-in model always, the LLM
 * per its mode; when the LLM fails, the built-in answer stands with path `fallback`. No prompt text is
 * logged or stored anywhere in this module.
 */
import { OTHER_TAG } from '../taxonomy/index.ts';
import { BuiltinClassifier } from './builtin.ts';
import type { Classification, Classifier, RequestBody } from './interface.ts';
import { LlmClassifier, type LlmOptions } from './llm.ts';
import { parseRequest, type Transcript } from './transcript.ts';

export { BuiltinClassifier } from './builtin.ts';
export type { Classification, Classifier, ClassifyPath, RequestBody } from './interface.ts';
export { LlmClassifier, type LlmMode, type LlmOptions } from './llm.ts';
export { type ParseRequestResult, parseRequest, type Transcript } from './transcript.ts';

export interface ClassifierOptions {
  /** Built-in answers below this confidence become `other` (default in config: 0.3). */
  threshold: number;
  llm?: LlmOptions;
  /** Where the built-in answers come from instead of this thread (the worker pool, `pool/pool.ts`). */
  builtin?: BuiltinSource;
}

/** The built-in model, run here or elsewhere: it must answer exactly as BuiltinClassifier would. */
export interface BuiltinSource {
  readonly version: string;
  classifyTranscript(t: Transcript): Classification | Promise<Classification>;
}

/** A classifier that can also take a transcript ingestion has already built. */
export interface TaskClassifier extends Classifier {
  classifyTranscript(t: Transcript): Promise<Classification>;
}

/**
 * @example
 * const classifier = createClassifier({ threshold: 0.35 });
 * await classifier.classify({ messages: [{ role: 'user', content: 'Summarize this article: ...' }] });
 * // { tag: 'summarization', confidence: 0.96, path: 'builtin' }; classifier.version === 'builtin-2cc19956'
 */
export function createClassifier(options: ClassifierOptions, fetchFn?: typeof fetch): TaskClassifier {
  const builtin: BuiltinSource = options.builtin ?? new BuiltinClassifier({ threshold: options.threshold });
  const llm = options.llm && options.llm.mode !== 'off' ? new LlmClassifier(options.llm, fetchFn) : undefined;
  const version = llm ? `${builtin.version}+${llm.version}:${options.llm!.mode}` : builtin.version;
  async function classifyTranscript(t: Transcript): Promise<Classification> {
    const base = await builtin.classifyTranscript(t);
    if (!llm?.wants(base)) return base;
    return (await llm.classifyTranscript(t)) ?? { ...base, path: 'fallback' };
  }
  return {
    version,
    classifyTranscript,
    async classify(request: RequestBody): Promise<Classification> {
      const parsed = parseRequest(request);
      // Ingestion rejects such bodies before this point (parseRequest); here they are simply `other`.
      if (!parsed.ok) return { tag: OTHER_TAG, confidence: 0, path: 'builtin' };
      return classifyTranscript(parsed.transcript);
    },
  };
}
