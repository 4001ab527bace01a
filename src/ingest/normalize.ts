/**
 * One step before validation: the usage names other APIs use, mapped to the event format's own
 * (`prompt_tokens`, `completion_tokens`), so a gateway can log usage as its provider returned it.
 * Anything it does not recognise it leaves alone, for the validator to explain.
 *
 * - Anthropic: `input_tokens` counts only uncached input, so `cache_creation_input_tokens` and
 *   `cache_read_input_tokens` are added to it; `output_tokens` is the completion.
 * - OpenAI Responses: `input_tokens` already includes `input_tokens_details.cached_tokens`.
 * - OpenAI chat: `prompt_tokens` already includes `prompt_tokens_details.cached_tokens`; nothing to do.
 * Names the record already has win: an alias never overrides `prompt_tokens`.
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A count to add: a missing or null cache field is 0; anything else is kept for the validator to judge. */
const count = (v: unknown): unknown => (v === undefined || v === null ? 0 : v);

function normalizeUsage(usage: Record<string, unknown>): Record<string, unknown> {
  const out = { ...usage };
  if (out.prompt_tokens === undefined && usage.input_tokens !== undefined) {
    const cache = [usage.cache_creation_input_tokens, usage.cache_read_input_tokens].map(count);
    const all = [usage.input_tokens, ...cache];
    // Only plain integers are summed; a bad value goes through unchanged so its error names it.
    out.prompt_tokens = all.every((n) => Number.isSafeInteger(n)) ? (all as number[]).reduce((a, b) => a + b, 0) : usage.input_tokens;
  }
  if (out.completion_tokens === undefined && usage.output_tokens !== undefined) out.completion_tokens = usage.output_tokens;
  return out;
}

/**
 * The record with its usage names mapped; the same object when there is nothing to map.
 *
 * @example
 * normalizeRecord({ id: 'a', usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 5 } });
 * // { id: 'a', usage: { ..., prompt_tokens: 100, completion_tokens: 5 } }
 */
export function normalizeRecord(value: unknown): unknown {
  if (!isObject(value) || !isObject(value.usage)) return value;
  const u = value.usage;
  if (
    (u.prompt_tokens !== undefined || u.input_tokens === undefined) &&
    (u.completion_tokens !== undefined || u.output_tokens === undefined)
  )
    return value;
  return { ...value, usage: normalizeUsage(u) };
}
