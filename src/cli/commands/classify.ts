/**
 * `taskshare classify [FILE | -]`: the classifier ingestion uses, with the same settings, offline and
 * with no server. Input: NDJSON events (with `request`) or bare request bodies; output: one
 * `{"id","tag","confidence"}` line per input, in input order.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Command } from 'commander';
import { CLASSIFIER_SETTINGS, classifierOptions } from '../../classify/from-config.ts';
import { createClassifier, parseRequest, type TaskClassifier } from '../../classify/index.ts';
import { addSettingFlags, flagsToSettings, loadCliConfig } from './serve.ts';

type Line = { id?: string; tag?: string; confidence?: number; error?: string; line: number };

export function classifyCommand(program: Command): void {
  const command = program
    .command('classify')
    .description('Classify NDJSON events or request bodies offline, exactly as ingestion would; prints one JSON line per input')
    .argument('[file]', 'NDJSON file (.gz too), or - for stdin', '-');
  addSettingFlags(command, { only: CLASSIFIER_SETTINGS });
  command.action(async (file: string, _opts: unknown, cmd: Command) => {
    const config = loadCliConfig(flagsToSettings(cmd));
    const classifier = createClassifier(classifierOptions(config));
    let input: NodeJS.ReadableStream = file === '-' ? process.stdin : createReadStream(file);
    if (file.endsWith('.gz')) input = input.pipe(createGunzip());
    input.on('error', (err: NodeJS.ErrnoException) => {
      process.stderr.write(`taskshare: cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}\n`);
      process.exit(1);
    });
    let n = 0;
    let failures = 0;
    // Lines are answered in order; with the LLM on, up to its concurrency run at once.
    const queue: Array<Promise<Line>> = [];
    const flush = async (limit: number) => {
      while (queue.length > limit) {
        const out = await queue.shift()!;
        if (out.error) failures += 1;
        const row = out.error
          ? { id: out.id, line: out.line, error: out.error }
          : { id: out.id, tag: out.tag, confidence: round(out.confidence!) };
        process.stdout.write(`${JSON.stringify(row)}\n`);
      }
    };
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      n += 1;
      if (text.trim() === '') continue;
      queue.push(classifyLine(text, n, classifier));
      await flush(Math.max(1, config.llmConcurrency));
    }
    await flush(0);
    if (failures > 0) process.stderr.write(`taskshare: ${failures} line(s) could not be classified (see "error" in the output)\n`);
  });
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

async function classifyLine(text: string, line: number, classifier: TaskClassifier): Promise<Line> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, error: 'invalid JSON' };
  }
  const record = value as { id?: unknown; request?: unknown };
  const id = typeof record.id === 'string' ? record.id : undefined;
  // An event carries its body in `request`; anything else is taken as a bare request body.
  const body = typeof record === 'object' && record !== null && 'request' in record ? record.request : value;
  const parsed = parseRequest(body);
  if (!parsed.ok) return { id, line, error: `request: ${parsed.reason}` };
  const result = await classifier.classifyTranscript(parsed.transcript);
  return { id, line, tag: result.tag, confidence: result.confidence };
}
