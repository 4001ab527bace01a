/**
 * Writes an NDJSON file of realistic events for the ingestion benchmarks: chat requests of several
 * kinds (agent turns with tools, code questions, plain chat), about 1 KB each, deterministic.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const PROMPTS = [
  'Why does this raise KeyError?\n```python\nd = {}\nprint(d["a"])\n```\nTraceback (most recent call last):\n  File "x.py", line ' +
    "2\nKeyError: 'a'",
  'Translate this from German to English:\nGerman: Der schnelle braune Fuchs springt über den faulen Hund.\nEnglish:',
  `Summarize the following article in three bullet points:\n${'The city council met on Tuesday to discuss the new budget. '.repeat(8)}`,
  'Write a SQL query that returns the ten customers with the highest total order value in 2025, joining customers and orders.',
  'Write a short, upbeat product announcement for our new note-taking app, aimed at students.',
  'What is the derivative of x^3 * sin(x)? Show the steps.',
];

function request(i: number): Record<string, unknown> {
  if (i % 5 === 0) {
    return {
      messages: [
        { role: 'system', content: 'You are a coding agent. Use the tools to inspect and change the repository.' },
        { role: 'user', content: 'The tests in tests/test_api.py fail after the last refactor; find out why.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: `c${i}`, type: 'function', function: { name: 'run_shell', arguments: '{"command":"pytest -x tests/test_api.py"}' } },
          ],
        },
        { role: 'tool', tool_call_id: `c${i}`, content: 'E   ImportError: cannot import name "make_app" from "api.server"' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'run_shell',
            description: 'Run a shell command',
            parameters: { type: 'object', properties: { command: { type: 'string' } } },
          },
        },
        {
          type: 'function',
          function: {
            name: 'read_file',
            description: 'Read a file',
            parameters: { type: 'object', properties: { path: { type: 'string' } } },
          },
        },
      ],
    };
  }
  return { messages: [{ role: 'user', content: `${PROMPTS[i % PROMPTS.length]} (#${i})` }] };
}

/** Writes events until the file holds at least `bytes`; returns the number of events. */
export async function writeEventsFile(path: string, bytes: number, nowMs = Date.now()): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let n = 0;
  while (written < bytes) {
    const line = `${JSON.stringify({
      id: `bench-${n}`,
      timestamp: nowMs - 86_400_000 - (n % 6) * 86_400_000,
      model: ['openai/gpt-4.1', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash', 'x-ai/grok-code-fast-1'][n % 4],
      usage: { prompt_tokens: 200 + (n % 3000), completion_tokens: 50 + (n % 700) },
      user: `user-${n % 5000}`,
      request: request(n),
    })}\n`;
    written += Buffer.byteLength(line);
    n += 1;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n;
}
