/**
 * Request shapes other than chat messages, rewritten into the chat-completions shape the parser reads:
 * an OpenAI Responses API body (`input` as a string or a list of items, `instructions`, `tools`) and a
 * legacy completions body (`prompt`). Nothing here validates beyond what the rewrite needs; the parser
 * checks the result as it checks any chat body.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

export type Rewrite = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string } | undefined;

/** Responses API content parts (`input_text`, `output_text`, `input_image`, ...) as chat content parts. */
function parts(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((p) => {
    if (!isObject(p)) return p;
    if (typeof p.text === 'string') return { type: 'text', text: p.text };
    if (p.type === 'refusal' && typeof p.refusal === 'string') return { type: 'text', text: p.refusal };
    return { type: typeof p.type === 'string' ? p.type.replace(/^input_/, '') : 'part' };
  });
}

/** One Responses `input` item as chat messages: a message, a function call, its output; others are skipped. */
function itemMessages(item: unknown, i: number): Array<Record<string, unknown>> | string {
  if (typeof item === 'string') return [{ role: 'user', content: item }];
  if (!isObject(item)) return `input[${i}] is not an object`;
  const type = item.type ?? 'message';
  if (type === 'message') return [{ role: item.role, content: parts(item.content) }];
  if (type === 'function_call' || type === 'custom_tool_call') {
    return [
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ type: 'function', function: { name: text(item.name), arguments: text(item.arguments ?? item.input) } }],
      },
    ];
  }
  if (type === 'function_call_output' || type === 'custom_tool_call_output') return [{ role: 'tool', content: text(item.output) }];
  // Reasoning, built-in tool calls (web search, file search, computer use), item references: no turn text.
  return [];
}

function fromResponses(body: Record<string, unknown>): Rewrite {
  const messages: Array<Record<string, unknown>> = [];
  if (typeof body.instructions === 'string' && body.instructions !== '') messages.push({ role: 'system', content: body.instructions });
  if (typeof body.input === 'string') messages.push({ role: 'user', content: body.input });
  else if (Array.isArray(body.input)) {
    for (let i = 0; i < body.input.length; i++) {
      const m = itemMessages(body.input[i], i);
      if (typeof m === 'string') return { ok: false, reason: m };
      messages.push(...m);
    }
  } else return { ok: false, reason: 'input must be a string or an array of input items' };
  if (!messages.some((m) => m.role !== 'system')) return { ok: false, reason: 'input is empty' };
  const { input: _input, instructions: _instructions, text: format, ...rest } = body;
  // Responses puts the structured-output format under `text.format`; chat under `response_format`.
  const responseFormat = isObject(format) && isObject(format.format) ? { response_format: format.format } : {};
  // Built-in tools (`{"type":"web_search"}`) have no name: their type names them.
  const tools = Array.isArray(body.tools)
    ? {
        tools: body.tools.map((t) =>
          isObject(t) && typeof t.name !== 'string' && !isObject(t.function) && typeof t.type === 'string' ? { ...t, name: t.type } : t,
        ),
      }
    : {};
  return { ok: true, body: { ...rest, ...responseFormat, ...tools, messages } };
}

function fromPrompt(body: Record<string, unknown>): Rewrite {
  const prompt = body.prompt;
  let content: string;
  if (typeof prompt === 'string') content = prompt;
  else if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((p) => typeof p === 'string')) content = prompt.join('\n\n');
  else return { ok: false, reason: 'prompt must be a string or an array of strings (token arrays carry no text to classify)' };
  const { prompt: _prompt, ...rest } = body;
  return { ok: true, body: { ...rest, messages: [{ role: 'user', content }] } };
}

/**
 * A body without `messages` in one of the other shapes, rewritten; undefined when it is in none of them.
 *
 * @example
 * rewriteRequest({ input: 'hi', instructions: 'Be brief' });
 * // { ok: true, body: { messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'hi' }] } }
 */
export function rewriteRequest(body: Record<string, unknown>): Rewrite {
  if (body.messages !== undefined) return undefined;
  if (body.input !== undefined) return fromResponses(body);
  if (body.prompt !== undefined) return fromPrompt(body);
  return undefined;
}
