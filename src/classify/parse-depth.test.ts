/** The request parser on bodies no ingestion would let through (`taskshare classify` reads any line): it never recurses unboundedly. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequest } from './transcript.ts';

test('tool results nested thousands deep, and tool input too deep to stringify, neither throw nor overflow', () => {
  let content: unknown = 'innermost';
  for (let i = 0; i < 20_000; i++) content = [{ type: 'tool_result', content }];
  const deepResults = parseRequest({
    messages: [
      { role: 'user', content },
      { role: 'user', content: 'and now?' },
    ],
  });
  assert.ok(deepResults.ok);
  let input: unknown = {};
  for (let i = 0; i < 200_000; i++) input = { a: input };
  const deepInput = parseRequest({
    messages: [
      { role: 'assistant', content: [{ type: 'tool_use', name: 'run', input }] },
      { role: 'user', content: 'go on' },
    ],
  });
  assert.ok(deepInput.ok);
  assert.deepEqual(deepInput.transcript.signals.toolCalls, ['run']);
});
