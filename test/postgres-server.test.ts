/** The whole server on PostgreSQL: the same API, with events and keys in a schema of its own. */
// test-needs: postgres
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import pg from 'pg';
import { validateResponse } from './helpers/openapi.ts';
import { postEvents, startTestServer, taggedEvent } from './helpers/server.ts';

const url = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

it('serves shares from PostgreSQL', async () => {
  const schema = `srv_${randomBytes(6).toString('hex')}`;
  const server = await startTestServer({ store: 'postgres', databaseUrl: url, pgSchema: schema });
  try {
    const key = await server.createKey('pg', ['ingest']);
    const events = [
      taggedEvent('p1', { tag: 'math' }),
      taggedEvent('p2', { tag: 'translation' }),
      taggedEvent('p3', { tag: 'math', model: null }),
    ];
    const first = (await (await postEvents(server.url, key, events)).json()) as { data: { accepted: number } };
    assert.equal(first.data.accepted, 3);
    const again = (await (await postEvents(server.url, key, events)).json()) as { data: { duplicates: number } };
    assert.equal(again.data.duplicates, 3);
    const body = (await (await server.get('/api/v1/classifications/task')).json()) as {
      data: { classifications: Array<{ tag: string; usage_share: number; models: Array<{ id: string; tag_usage_share: number }> }> };
    };
    assert.deepEqual(validateResponse(200, body), []);
    assert.deepEqual(
      body.data.classifications.map((c) => [c.tag, c.usage_share]),
      [
        ['math', 2 / 3],
        ['translation', 1 / 3],
      ],
    );
    assert.deepEqual(body.data.classifications[0]!.models, [{ id: 'openai/gpt-4.1', tag_usage_share: 0.5, tag_token_share: 0.5 }]);
    assert.equal(((await (await fetch(`${server.url}/readyz`)).json()) as { checks: Record<string, string> }).checks.store, 'ok');
  } finally {
    await server.stop();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
});
