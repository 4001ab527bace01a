/**
 * Requests no classifier can make sense of, for the bad-input tests (`bad-input.test.ts`, and through a
 * server in test/bad-requests.test.ts). Each is JSON text: some nest deeper than JSON.stringify goes,
 * which is the point, and JSON.parse reads them.
 */
const MB = 1_000_000;
/** `depth` levels of `open` + inner + `close` as JSON text, past what JSON.stringify can write. */
const nest = (depth: number, open: string, inner: string, close: string): string => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
/** A body whose `marker` string is replaced by raw JSON text. */
const raw = (body: object, marker: string, json: string): string => JSON.stringify(body).replace(`"${marker}"`, json);
const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });
const fnTool = (name: string, description = '', properties: object = {}) => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties } },
});
/** A code point from many scripts at once: Latin, Cyrillic, CJK, Arabic, Devanagari, emoji, combining marks, a lone surrogate. */
const mixed = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    String.fromCodePoint([0x41, 0x416, 0x4e2d, 0x627, 0x915, 0x1f600, 0x301, 0xd800, 0x200b, 0][i % 10]! + (i % 7)),
  ).join('');

/** Name, and the request body as JSON text. */
export const BAD_REQUESTS: Array<[string, string]> = (
  [
    ['empty text', user('')],
    ['null content', user(null)],
    ['whitespace only', user(' \n\t '.repeat(1000))],
    [
      'only images',
      user([
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'image', source: { type: 'base64', data: 'AAAA' } },
      ]),
    ],
    ['100,000 image parts', user(Array.from({ length: 100_000 }, () => ({ type: 'image_url', image_url: { url: 'x' } })))],
    [
      'only tool results',
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 't1', content: 'ok' },
              { type: 'tool_result', tool_use_id: 't2', content: [{ type: 'text', text: '{}' }] },
            ],
          },
        ],
      },
    ],
    ['1 MB of one character', user('a'.repeat(MB))],
    ['1 MB of backticks', user('`'.repeat(MB))],
    ['1 MB of agent-event markers', user('"action": "'.repeat(MB / 10) + '<execute_'.repeat(MB / 10))],
    [
      'one 1 MB word in a system prompt',
      {
        messages: [
          { role: 'system', content: 'x'.repeat(MB) },
          { role: 'user', content: 'y'.repeat(MB) },
        ],
      },
    ],
    ['mixed scripts, lone surrogates, NULs', user(mixed(300_000))],
    [
      '10,000 messages',
      { messages: Array.from({ length: 10_000 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `turn ${i}` })) },
    ],
    [
      '10,000 system messages',
      {
        messages: [
          ...Array.from({ length: 10_000 }, () => ({ role: 'system', content: 'be brief. '.repeat(10) })),
          { role: 'user', content: 'hi' },
        ],
      },
    ],
    [
      '10,000 tool calls in one turn',
      {
        messages: [
          { role: 'user', content: 'go' },
          {
            role: 'assistant',
            content: null,
            tool_calls: Array.from({ length: 10_000 }, (_, i) => ({
              id: `c${i}`,
              type: 'function',
              function: { name: `tool_${i}`, arguments: '{"a":1}' },
            })),
          },
        ],
      },
    ],
    [
      '5,000 turns of tool calls',
      {
        messages: Array.from({ length: 5_000 }, (_, i) => ({
          role: 'assistant',
          content: null,
          tool_calls: [{ id: `c${i}`, type: 'function', function: { name: `tool_${i}`, arguments: '{}' } }],
        })),
      },
    ],
    [
      'tool results nested 50,000 deep',
      raw(user('@'), '@', nest(50_000, '[{"type":"tool_result","tool_use_id":"x","content":', '"innermost"', '}]')),
    ],
    [
      'tool input nested 50,000 deep',
      raw(
        {
          messages: [
            { role: 'assistant', content: [{ type: 'tool_use', id: 'u', name: 'f', input: '@' }] },
            { role: 'user', content: 'next' },
          ],
        },
        '@',
        nest(50_000, '{"a":', '1', '}'),
      ),
    ],
    [
      'tool arguments nested 50,000 deep',
      raw(
        {
          messages: [
            { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '@' } }] },
            { role: 'tool', content: 'ok' },
          ],
        },
        '@',
        nest(50_000, '[', '0', ']'),
      ),
    ],
    ['content arrays nested 50,000 deep', raw(user('@'), '@', nest(50_000, '[', '"x"', ']'))],
    [
      '2,000 tools with large schemas',
      {
        tools: Array.from({ length: 2_000 }, (_, i) =>
          fnTool(
            `tool_${i}_${'n'.repeat(200)}`,
            'd'.repeat(500),
            Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`p${k}`, { type: 'string', description: 'p'.repeat(100) }])),
          ),
        ),
        messages: [{ role: 'user', content: 'hi' }],
      },
    ],
    ['a 1 MB tool name', { tools: [fnTool('n'.repeat(MB))], messages: [{ role: 'user', content: 'hi' }] }],
    [
      'Anthropic: 1 MB system blocks and tool_use names',
      {
        system: [{ type: 'text', text: 's'.repeat(MB) }],
        messages: [
          { role: 'assistant', content: [{ type: 'tool_use', id: 'u', name: 'm'.repeat(MB), input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'u', content: 'r'.repeat(MB) }] },
        ],
      },
    ],
  ] as Array<[string, object | string]>
).map(([name, body]) => [name, typeof body === 'string' ? body : JSON.stringify(body)]);
