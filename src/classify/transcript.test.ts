import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cut, parseRequest, type Transcript, TURN_CHARS } from './transcript.ts';

function ok(body: unknown): Transcript {
  const r = parseRequest(body);
  assert.equal(r.ok, true, r.ok ? '' : r.reason);
  return (r as { ok: true; transcript: Transcript }).transcript;
}

describe('transcript', () => {
  it('reads an OpenAI request with tools, tool calls, tool results and parts', () => {
    const t = ok({
      messages: [
        { role: 'system', content: 'You are a coding agent.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'List the files' },
            { type: 'image_url', image_url: { url: 'x' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: '1', type: 'function', function: { name: 'run_shell', arguments: '{"cmd":"ls"}' } }],
        },
        { role: 'tool', tool_call_id: '1', content: 'src\npackage.json' },
      ],
      tools: [{ type: 'function', function: { name: 'run_shell', description: 'run', parameters: {} } }],
      response_format: { type: 'json_schema', json_schema: {} },
    });
    assert.equal(t.signals.shape, 'openai');
    assert.deepEqual(t.signals.toolsOffered, ['run_shell']);
    assert.deepEqual(t.signals.toolCalls, ['run_shell']);
    assert.equal(t.signals.lastRole, 'tool');
    assert.equal(t.signals.responseFormat, 'json_schema');
    assert.equal(t.segments[0]!.role, 'system');
    assert.match(t.text, /user: List the files\n\[image_url\]/);
    assert.match(t.text, /\[call run_shell\]/);
  });

  it('reads an Anthropic request: system blocks, tool_use and tool_result', () => {
    const t = ok({
      system: [{ type: 'text', text: 'Be helpful.' }],
      tools: [{ name: 'get_weather', description: 'w', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: '21C' }] }] },
      ],
    });
    assert.equal(t.signals.shape, 'anthropic');
    assert.equal(t.signals.hasSystem, true);
    assert.deepEqual(t.signals.toolCalls, ['get_weather']);
    assert.equal(t.signals.lastRole, 'tool');
    assert.match(t.text, /tool: 21C$/);
  });

  it('rejects bodies of neither shape with a reason', () => {
    for (const body of [
      null,
      'hi',
      [],
      { prompt: [1, 2] },
      { input: 42 },
      { input: [] },
      { model: 'x' },
      { messages: [] },
      { messages: [{ role: 'wizard', content: 'x' }] },
      { messages: [{ role: 'user', content: 42 }] },
      { messages: [{ role: 'user', content: 'x' }], tools: 'no' },
    ]) {
      const r = parseRequest(body);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.reason.length > 5);
    }
  });

  it('cuts long turns and keeps the last turns of long conversations', () => {
    const long = 'x'.repeat(TURN_CHARS * 3);
    const messages = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `${i} ${long}` }));
    messages.push({ role: 'user', content: 'final question' });
    const t = ok({ messages: [{ role: 'system', content: 'S'.repeat(5000) }, ...messages] });
    assert.ok(t.text.length < 20_000);
    assert.equal(t.segments[t.segments.length - 1]!.text, 'final question');
    assert.equal(t.segments[0]!.role, 'system');
    assert.equal(t.signals.turns, 41);
    assert.ok(t.segments.every((s) => s.text.length <= TURN_CHARS + 3));
  });

  it('keeps the latest agent event from the middle of a long turn', () => {
    const log = `${'{"action": "think", "args": {"thought": "hmm"}},\n'.repeat(100)}{"action": "run", "args": {"command": "pwd"}}\n]`;
    const text = `${log}\n\n${'Instructions. '.repeat(200)}What next?`;
    const kept = cut(text, TURN_CHARS);
    assert.ok(kept.length <= TURN_CHARS + 3);
    assert.match(kept, /"command": "pwd"/);
    assert.match(kept, /What next\?$/);
    // Text without agent events is cut as before: head and tail only.
    assert.equal(cut('a'.repeat(5000), TURN_CHARS).split('\n…\n').length, 2);
  });

  it('is deterministic', () => {
    const body = { messages: [{ role: 'user', content: 'a ```b``` c' }] };
    assert.deepEqual(ok(body), ok(body));
    assert.equal(ok(body).signals.codeFences, 2);
  });
});
