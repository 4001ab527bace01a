/**
 * The proxy benchmark's upstream: an OpenAI-compatible /v1/chat/completions answering at once, as JSON
 * or (with "stream": true) as a short server-sent-event stream with a final usage chunk.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
let n = 0;
createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const id = `chatcmpl-bench-${process.pid}-${++n}`;
    const stream = Buffer.concat(chunks).includes('"stream":true');
    if (!stream) {
      const body = JSON.stringify({
        id,
        object: 'chat.completion',
        created: 1,
        model: 'bench-model',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Use dict.get() with a default.' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 40, completion_tokens: 8, total_tokens: 48 },
      });
      return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const base = { id, object: 'chat.completion.chunk', created: 1, model: 'bench-model' };
    for (const word of ['Use ', 'dict.get() ', 'with ', 'a ', 'default.'])
      res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })}\n\n`);
    res.write(
      `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 40, completion_tokens: 8, total_tokens: 48 } })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
