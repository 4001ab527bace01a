/**
 * LiteLLM StandardLoggingPayloads (testdata/, built from the TypedDict in LiteLLM's
 * litellm/types/utils.py) into events.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { parseRequest } from '../../classify/transcript.ts';
import { translatePayload } from './translate.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`testdata/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

it('a successful chat call: id, start time in ms, model, tokens, end user, key alias as app, the messages', () => {
  const t = translatePayload(fixture('success'), 'key_alias');
  assert.ok('event' in t);
  assert.deepEqual(
    { ...t.event, request: undefined },
    {
      id: 'chatcmpl-2f1c9a7e-5b0d-4e0c-9a39-4b8f2d6c1e01',
      timestamp: 1750154400123,
      model: 'gpt-4o-mini',
      usage: { prompt_tokens: 84, completion_tokens: 41, cost: 0.00031 }, // response_cost
      user: 'u-4821',
      app: 'ide-plugin',
      request: undefined,
    },
  );
  const parsed = parseRequest(t.event.request);
  assert.ok(parsed.ok && /KeyError/.test(parsed.transcript.text) && parsed.transcript.signals.hasSystem);
});

it('app from the team, or none, as configured', () => {
  const team = translatePayload(fixture('success'), 'team');
  assert.ok('event' in team && team.event.app === 'developer-tools');
  const none = translatePayload(fixture('success'), 'none');
  assert.ok('event' in none && none.event.app === null);
});

it("a Responses call: the input and model_parameters' instructions and tools make the request", () => {
  const t = translatePayload(fixture('responses'), 'key_alias');
  assert.ok('event' in t);
  const parsed = parseRequest(t.event.request);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  assert.deepEqual(parsed.transcript.signals.toolsOffered, ['web_search_preview']);
  assert.match(parsed.transcript.text, /^tools: web_search_preview\n\nsystem: You are a concise assistant\.\n\nuser: Search the web/);
});

it('failures are counted apart, embeddings skipped, redacted messages tagged other', () => {
  assert.deepEqual(translatePayload(fixture('failure'), 'key_alias'), { failed: true });
  assert.deepEqual(translatePayload(fixture('embedding'), 'key_alias'), { skipped: 'call_type aembedding is not a generation request' });
  const redacted = translatePayload(fixture('redacted'), 'key_alias');
  assert.ok('event' in redacted && redacted.event.tag === 'other' && redacted.event.request === undefined);
  const noMessages = translatePayload({ ...fixture('success'), messages: null }, 'key_alias');
  assert.ok('event' in noMessages && noMessages.event.tag === 'other');
});

it("a payload of the wrong shape says what is missing, in LiteLLM's terms", () => {
  const base = fixture('success');
  assert.deepEqual(translatePayload({ ...base, id: undefined }, 'key_alias'), { error: 'LiteLLM payload without `id`' });
  assert.deepEqual(translatePayload({ ...base, id: '' }, 'key_alias'), { error: 'LiteLLM payload without `id`' });
  assert.deepEqual(translatePayload({ ...base, startTime: '2026-06-17' }, 'key_alias'), {
    error: 'LiteLLM payload without `startTime` (epoch seconds)',
    id: base.id,
  });
  assert.deepEqual(translatePayload({ ...base, prompt_tokens: undefined }, 'key_alias'), {
    error: 'LiteLLM payload without `prompt_tokens`',
    id: base.id,
  });
  assert.ok('error' in translatePayload([base], 'key_alias'));
});
