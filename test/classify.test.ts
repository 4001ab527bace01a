/**
 * `taskshare classify` and ingestion use one classifier with one configuration: the tags the CLI
 * prints offline are the tags the server stores for the same events.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { BuiltinClassifier } from '../src/classify/builtin.ts';
import { CLI } from './helpers/cli.ts';
import { postEvents, startTestServer } from './helpers/server.ts';

const day = Date.now() - 86_400_000;
const bodies = [
  { messages: [{ role: 'user', content: 'Translate this from English to French:\nEnglish: The weather is lovely today.\nFrench:' }] },
  {
    messages: [
      {
        role: 'user',
        content:
          'Why do I get this error?\nTraceback (most recent call last):\n  File "app.py", line 3, in <module>\n    ' +
          'print(items[5])\nIndexError: list index out of range',
      },
    ],
  },
  { messages: [{ role: 'user', content: 'Write a SQL query to find the top 5 customers by total order amount.' }] },
  {
    messages: [
      {
        role: 'user',
        content:
          'Summarize the following article in two sentences: The city council approved the new transit budget after months of ' +
          'debate. The plan adds bus lines and extends service hours.',
      },
    ],
  },
  {
    system: 'You are a helpful assistant.',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Solve for x: 3x + 7 = 22. Show your steps.' }] }],
  },
  {
    messages: [{ role: 'user', content: 'hi' }],
    tools: [
      {
        type: 'function',
        function: {
          name: 'web_search',
          description: 'Search the web',
          parameters: { type: 'object', properties: { query: { type: 'string' } } },
        },
      },
    ],
  },
];
const events = bodies.map((request, i) => ({
  id: `c-${i}`,
  timestamp: day,
  model: 'm/1',
  usage: { prompt_tokens: 10, completion_tokens: 1 },
  request,
}));

function classify(input: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [...CLI, 'classify', '-', ...args], { input, encoding: 'utf8' });
  return {
    code: r.status,
    lines: r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    err: r.stderr,
  };
}

it('prints one line per input, in order, for events and bare bodies; invalid lines say why', () => {
  const input = [...events.map((e) => JSON.stringify(e)), JSON.stringify(bodies[0]), '{oops', JSON.stringify({ model: 'x' })].join('\n');
  const { code, lines } = classify(input);
  assert.equal(code, 0);
  assert.equal(lines.length, events.length + 3);
  assert.deepEqual(
    lines.slice(0, events.length).map((l) => l.id),
    events.map((e) => e.id),
  );
  // The very tags the in-process classifier gives (the server's), and for three obvious prompts the
  // obvious tag (model quality as such is canonical.test.ts's: the committed model calls the traceback
  // question qa_knowledge, 1.8 logits ahead of code:debugging).
  const builtin = new BuiltinClassifier({ threshold: 0.35 });
  assert.deepEqual(
    lines.slice(0, events.length).map((l) => l.tag),
    bodies.map((b) => builtin.classifySync(b).tag),
  );
  assert.deepEqual(
    [0, 2, 3].map((i) => lines[i]!.tag),
    ['translation', 'code:sql_database', 'summarization'],
  );
  for (const l of lines.slice(0, events.length + 1)) assert.ok(typeof l.confidence === 'number' && l.confidence >= 0 && l.confidence <= 1);
  assert.equal(lines[events.length]!.tag, lines[0]!.tag, 'a bare body classifies as its event does');
  assert.match(String(lines[events.length + 1]!.error), /invalid JSON/);
  assert.match(String(lines[events.length + 2]!.error), /request: /);
});

it('the threshold setting applies offline as on the server', () => {
  const { lines } = classify(JSON.stringify(events[1]), ['--classifier-threshold', '1']);
  assert.equal(lines[0]!.tag, 'other');
});

it('the server stores the tags the CLI prints', async () => {
  const offline = classify(events.map((e) => JSON.stringify(e)).join('\n')).lines;
  const server = await startTestServer();
  try {
    const key = await server.createKey('c', ['ingest']);
    const res = (await (await postEvents(server.url, key, events)).json()) as { data: { accepted: number } };
    assert.equal(res.data.accepted, events.length);
    const body = (await (await server.get('/api/v1/classifications/task')).json()) as {
      data: { classifications: Array<{ tag: string; usage_share: number }> };
    };
    const classified = offline.filter((l) => l.tag !== 'other');
    const expected = new Map<string, number>();
    for (const l of classified) expected.set(String(l.tag), (expected.get(String(l.tag)) ?? 0) + 1);
    assert.deepEqual(new Map(body.data.classifications.map((c) => [c.tag, Math.round(c.usage_share * classified.length)])), expected);
  } finally {
    await server.stop();
  }
});
