/**
 * What the LLM classifier sends: the taxonomy's definitions, the transcript (truncated), and a strict
 * JSON schema whose enum is the 30 tags and `other`. Built in memory only; never logged.
 */
import { OTHER_TAG, TAG_IDS, TAGS } from '../taxonomy/index.ts';
import type { Transcript } from './transcript.ts';

/** The transcript is cut to this many characters: the label depends on the latest turns, kept last. */
export const PROMPT_CHARS = 8000;

const SYSTEM = [
  'You classify requests sent to a large language model by the task they ask for.',
  'Choose exactly one tag. For agent transcripts, the tag is what the assistant must do NEXT.',
  '',
  ...TAGS.map((t) => `- ${t.tag}: ${t.definition}`),
  `- ${OTHER_TAG}: nothing above fits.`,
  '',
  'Answer with JSON: {"tag": "<tag>"}.',
].join('\n');

export const RESPONSE_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'task',
    strict: true,
    schema: {
      type: 'object',
      properties: { tag: { type: 'string', enum: [...TAG_IDS, OTHER_TAG] } },
      required: ['tag'],
      additionalProperties: false,
    },
  },
} as const;

/** The chat-completions body for one transcript. */
export function buildLlmRequest(model: string, t: Transcript): Record<string, unknown> {
  const text = t.text.length > PROMPT_CHARS ? `…${t.text.slice(t.text.length - PROMPT_CHARS)}` : t.text;
  return {
    model,
    temperature: 0,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: `Request to classify:\n<<<\n${text}\n>>>` },
    ],
    response_format: RESPONSE_FORMAT,
  };
}

/** The tag of a chat-completions response, or undefined when the answer is not one of ours. */
export function parseLlmAnswer(body: unknown): string | undefined {
  const content = (body as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') return undefined;
  try {
    const tag = (JSON.parse(content) as { tag?: unknown }).tag;
    return typeof tag === 'string' && (TAG_IDS.includes(tag) || tag === OTHER_TAG) ? tag : undefined;
  } catch {
    return undefined;
  }
}
