/**
 * Responses API and legacy completions bodies, as their APIs document them, become the same
 * transcript as the equivalent chat-completions body.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequest } from './transcript.ts';

function transcript(body: unknown) {
  const r = parseRequest(body);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.transcript;
}

describe('OpenAI Responses API bodies', () => {
  it('a string input with instructions reads as a system and a user turn', () => {
    const t = transcript({ model: 'gpt-4.1', instructions: 'Talk like a pirate.', input: 'Are semicolons optional in JavaScript?' });
    const chat = transcript({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'Talk like a pirate.' },
        { role: 'user', content: 'Are semicolons optional in JavaScript?' },
      ],
    });
    assert.deepEqual(t, chat);
  });

  it('input items: messages with content parts, function calls and their outputs, function tools', () => {
    const t = transcript({
      model: 'gpt-4.1',
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: 'Get current temperature for a given location.',
          parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
          strict: true,
        },
        { type: 'web_search_preview' },
      ],
      input: [
        { role: 'developer', content: 'You answer weather questions.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is the weather like in Paris today?' },
            { type: 'input_image', image_url: 'https://example.com/paris.jpg' },
          ],
        },
        {
          type: 'function_call',
          id: 'fc_12345xyz',
          call_id: 'call_12345xyz',
          name: 'get_weather',
          arguments: '{"location":"Paris, France"}',
        },
        { type: 'function_call_output', call_id: 'call_12345xyz', output: '{"temperature": 14}' },
        { type: 'reasoning', id: 'rs_1', summary: [] },
      ],
    });
    assert.deepEqual(t.signals.toolsOffered, ['get_weather', 'web_search_preview']);
    assert.deepEqual(t.signals.toolCalls, ['get_weather']);
    assert.equal(t.signals.lastRole, 'tool');
    assert.equal(t.signals.hasSystem, true);
    assert.equal(t.signals.turns, 3);
    assert.match(t.text, /user: What is the weather like in Paris today\?\n\[image\]/);
    assert.match(t.text, /\[call get_weather\] \{"location":"Paris, France"\}/);
    assert.match(t.text, /tool: \{"temperature": 14\}$/);
  });

  it('an assistant output_text turn and text.format as the response format', () => {
    const t = transcript({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'Extract the event: Alice and Bob are going to a science fair on Friday.' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Which fields do you need?' }] },
        { role: 'user', content: 'name, date, participants' },
      ],
      text: { format: { type: 'json_schema', name: 'calendar_event', schema: { type: 'object', properties: {} }, strict: true } },
    });
    assert.equal(t.signals.responseFormat, 'json_schema');
    assert.match(t.text, /assistant: Which fields do you need\?/);
  });

  it('refuses an input of the wrong type, or one with no turn', () => {
    for (const body of [{ input: 42 }, { input: [] }, { input: [7] }, { instructions: 'x', input: [{ type: 'reasoning' }] }]) {
      const r = parseRequest(body);
      assert.equal(r.ok, false, JSON.stringify(body));
    }
  });
});

describe('legacy completions bodies', () => {
  it('a prompt string is one user turn', () => {
    const t = transcript({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7, temperature: 0 });
    assert.equal(t.text, 'user: Say this is a test');
    assert.equal(t.signals.turns, 1);
  });

  it('a list of prompt strings is joined; token arrays are refused with the reason', () => {
    assert.equal(transcript({ prompt: ['Translate to French:', 'cheese'] }).text, 'user: Translate to French:\n\ncheese');
    const r = parseRequest({ prompt: [[1212, 318]] });
    assert.ok(!r.ok && /token arrays/.test(r.reason));
  });
});
