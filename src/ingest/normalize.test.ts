/** Usage as each API returns it, mapped to the event format's counts; then validated as usual. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { normalizeRecord } from './normalize.ts';
import { validateRecord } from './validate.ts';

const NOW = { nowMs: Date.parse('2026-06-18T00:00:00Z'), retentionDays: 35 };
const event = (usage: unknown) => ({ id: 'r1', timestamp: '2026-06-17T10:00:00Z', model: 'm', tag: 'math', usage });
function tokens(usage: unknown) {
  const v = validateRecord(normalizeRecord(event(usage)), NOW);
  assert.ok(v.ok, v.ok ? '' : v.reason);
  return [v.record.promptTokens, v.record.completionTokens];
}

it('Anthropic usage: input_tokens plus both cache counts, output_tokens', () => {
  // As the Messages API returns it with prompt caching.
  const usage = {
    input_tokens: 21,
    cache_creation_input_tokens: 188086,
    cache_read_input_tokens: 0,
    output_tokens: 393,
    service_tier: 'standard',
  };
  assert.deepEqual(tokens(usage), [188107, 393]);
  assert.deepEqual(
    tokens({ input_tokens: 12, output_tokens: 6, cache_creation_input_tokens: null, cache_read_input_tokens: null }),
    [12, 6],
  );
});

it('Responses API usage: input_tokens already counts the cached ones', () => {
  const usage = {
    input_tokens: 36,
    input_tokens_details: { cached_tokens: 12 },
    output_tokens: 87,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 123,
  };
  assert.deepEqual(tokens(usage), [36, 87]);
});

it('OpenAI chat usage with prompt_tokens_details is taken as it is', () => {
  const usage = {
    prompt_tokens: 2006,
    completion_tokens: 300,
    total_tokens: 2306,
    prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
  const record = event(usage);
  assert.equal(normalizeRecord(record), record, 'nothing to map: the same object');
  assert.deepEqual(tokens(usage), [2006, 300]);
});

it("the format's own names win over aliases, and bad values are still refused with their name", () => {
  assert.deepEqual(tokens({ prompt_tokens: 5, completion_tokens: 1, input_tokens: 99, output_tokens: 99 }), [5, 1]);
  const bad = validateRecord(normalizeRecord(event({ input_tokens: -3, output_tokens: 1 })), NOW);
  assert.ok(!bad.ok && /prompt_tokens must be >= 0/.test(bad.reason));
  const badCache = validateRecord(normalizeRecord(event({ input_tokens: 3, cache_read_input_tokens: 'x', output_tokens: 1 })), NOW);
  assert.ok(!badCache.ok && /cache_read_input_tokens/.test(badCache.reason));
  const none = validateRecord(normalizeRecord(event({ output_tokens: 1 })), NOW);
  assert.ok(!none.ok && /missing required field usage.prompt_tokens/.test(none.reason));
});
