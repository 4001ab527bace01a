/**
 * POST /api/v1/events with the request and usage shapes gateways log as they come: OpenAI Responses
 * API bodies, legacy completions, Anthropic usage with cache tokens, OpenAI's prompt_tokens_details.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { utcDay } from '../src/shares/window.ts';
import { postEvents, startTestServer } from './helpers/server.ts';

it('stores each shape with its canonical tokens and a classification', async () => {
  const server = await startTestServer();
  try {
    const key = await server.createKey('gw', ['ingest']);
    const timestamp = Date.now() - 86_400_000;
    const events = [
      {
        id: 'resp-1',
        timestamp,
        model: 'openai/gpt-4.1',
        usage: { input_tokens: 36, input_tokens_details: { cached_tokens: 12 }, output_tokens: 87, total_tokens: 123 },
        request: {
          model: 'gpt-4.1',
          instructions: 'You are a translator.',
          input: [{ role: 'user', content: [{ type: 'input_text', text: 'Translate into German: "Where is the train station?"' }] }],
        },
      },
      {
        id: 'legacy-1',
        timestamp,
        model: 'openai/gpt-3.5-turbo-instruct',
        usage: { prompt_tokens: 5, completion_tokens: 7 },
        request: {
          model: 'gpt-3.5-turbo-instruct',
          prompt: 'Write a SQL query that returns the ten most recent orders from the orders table',
          max_tokens: 7,
        },
      },
      {
        id: 'anthropic-1',
        timestamp,
        model: 'anthropic/claude-sonnet-4',
        usage: { input_tokens: 21, cache_creation_input_tokens: 1000, cache_read_input_tokens: 2000, output_tokens: 393 },
        request: {
          model: 'claude-sonnet-4',
          system: [{ type: 'text', text: 'You are a Python expert.', cache_control: { type: 'ephemeral' } }],
          messages: [{ role: 'user', content: 'Fix this traceback: KeyError: port' }],
          max_tokens: 1024,
        },
      },
      {
        id: 'chat-1',
        timestamp,
        model: 'openai/gpt-4o',
        usage: {
          prompt_tokens: 2006,
          completion_tokens: 300,
          prompt_tokens_details: { cached_tokens: 1920 },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
        request: { messages: [{ role: 'user', content: 'Summarize this article in three bullet points: ...' }] },
      },
      { id: 'bad-1', timestamp, usage: { input_tokens: 1, output_tokens: 1 }, request: { input: 42 } },
    ];
    const res = await postEvents(server.url, key, events);
    assert.equal(res.status, 200);
    const { data } = (await res.json()) as { data: { accepted: number; rejected: Array<{ id: string; reason: string }> } };
    assert.equal(data.accepted, 4);
    assert.deepEqual(
      data.rejected.map((r) => [r.id, r.reason]),
      [['bad-1', 'request: input must be a string or an array of input items']],
    );
    const day = utcDay(timestamp);
    const rows = Object.fromEntries((await server.store.rollups(day, day)).map((r) => [r.model, r]));
    assert.equal(rows['openai/gpt-4.1']?.tokens, 123);
    assert.equal(rows['openai/gpt-4.1']?.tag, 'translation');
    assert.equal(rows['openai/gpt-3.5-turbo-instruct']?.tag, 'code:sql_database');
    assert.equal(rows['anthropic/claude-sonnet-4']?.tokens, 21 + 1000 + 2000 + 393);
    assert.equal(rows['openai/gpt-4o']?.tokens, 2306);
  } finally {
    await server.stop();
  }
});
