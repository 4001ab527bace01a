/**
 * Prompt text and keys never reach a log line or a file: a request whose text holds a unique marker
 * is ingested, the server stopped, and every log line and every byte of the data directory searched.
 * A stored field (app) is searched the same way, to show the search can find what is there.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { postEvents, startTestServer } from './helpers/server.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it('no prompt text, completion text or key in any log line or data file', async () => {
  const marker = `PROMPTMARKER${randomUUID().replaceAll('-', '')}`;
  const userMarker = `USERMARKER${randomUUID().replaceAll('-', '')}`;
  const appMarker = `APPMARKER${randomUUID().replaceAll('-', '')}`;
  const server = await startTestServer({ logLevel: 'trace' }, { dataDir: join('/tmp', `taskshare-privacy-${randomUUID()}`) });
  const key = await server.createKey('private', ['ingest']);
  const res = await postEvents(server.url, key, [
    {
      id: 'p-1',
      timestamp: Date.now() - 86_400_000,
      model: 'openai/gpt-4.1',
      usage: { prompt_tokens: 10, completion_tokens: 5 },
      user: userMarker,
      app: appMarker,
      request: {
        messages: [
          { role: 'system', content: `You are helpful. ${marker}` },
          { role: 'user', content: `Please fix this bug ${marker}: TypeError: undefined is not a function` },
          { role: 'assistant', content: `Completion text ${marker}` },
          { role: 'user', content: `Thanks ${marker}` },
        ],
      },
    },
    {
      id: 'p-2',
      timestamp: Date.now() - 86_400_000,
      usage: { prompt_tokens: 1, completion_tokens: 1 },
      request: { system: [{ type: 'text', text: marker }], messages: [{ role: 'user', content: [{ type: 'text', text: marker }] }] },
    },
    `{"id":"p-3","broken": "${marker}`,
  ]);
  const body = (await res.json()) as { data: { accepted: number; rejected: Array<{ reason: string }> } };
  assert.equal(body.data.accepted, 2);
  assert.ok(!JSON.stringify(body).includes(marker), 'not even in the rejection reasons');
  await server.get('/api/v1/classifications/task');
  await server.close(); // checkpoints the store: everything kept is now in the files

  const logs = server.logs.join('\n');
  assert.ok(server.logs.length > 5);
  for (const secret of [marker, userMarker, key, server.readKey, server.adminKey])
    assert.ok(!logs.includes(secret), 'a secret in the logs');

  const paths = filesUnder(server.dataDir);
  const files = paths.map((f) => readFileSync(f));
  assert.ok(
    files.some((bytes) => bytes.includes(appMarker)),
    'the stored app name is found: the search works',
  );
  for (const secret of [marker, userMarker, key]) {
    assert.ok(!files.some((bytes) => bytes.includes(secret)), 'a secret in the data directory');
  }
  // The first-start keys live in their own 0600 files, by design, and nowhere else.
  const outside = paths.filter(
    (p, i) => !p.endsWith('.key') && (files[i]!.includes(server.readKey) || files[i]!.includes(server.adminKey)),
  );
  assert.deepEqual(outside, []);
  rmSync(server.dataDir, { recursive: true, force: true });
});
