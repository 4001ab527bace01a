/**
 * The classifier seam: a request body in, a task tag and a confidence out.
 *
 * Implementations: the built-in model (`builtin.ts`), the optional LLM classifier (`llm.ts`), and the
 * combination that ingestion and `taskshare classify` both use (`index.ts`).
 *
 * @example
 * const result = await classifier.classify({ messages: [{ role: 'user', content: 'Fix this stack trace' }] });
 * // { tag: 'code:debugging', confidence: 0.93, path: 'builtin' }
 */

/** A request body in OpenAI chat-completions shape or Anthropic messages shape; checked by the classifier. */
export type RequestBody = Record<string, unknown>;

/** Which classifier produced the answer: the built-in model, the LLM, or the built-in after an LLM failure. */
export type ClassifyPath = 'builtin' | 'llm' | 'fallback';

export interface Classification {
  /** One of the taxonomy's 30 tags, or `other` when the classifier is not confident. */
  tag: string;
  /** In [0, 1]. */
  confidence: number;
  path: ClassifyPath;
}

export interface Classifier {
  /** Stored with every event, so that results of a later classifier can be compared with this one. */
  readonly version: string;
  classify(request: RequestBody): Promise<Classification>;
}
