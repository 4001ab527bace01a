/**
 * What docs/cli.md says a server on a shared PostgreSQL store does at restart with the bootstrap admin
 * key: a revoked one is not replaced (another server may hold the working one), and deleting the
 * store's record of it lets the next start make a new one.
 */
// test-needs: postgres
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import pg from 'pg';
import { startTestServer } from './helpers/server.ts';

const url = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

it('on PostgreSQL a revoked bootstrap admin key stays revoked at restart, until its meta row is deleted', async () => {
  const schema = `keys_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'taskshare-pgkeys-'));
  const settings = { store: 'postgres', databaseUrl: url, pgSchema: schema };
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const file = join(dataDir, 'admin.key');
  let server = await startTestServer(settings, { dataDir });
  try {
    const first = server.adminKey;
    const list = (await (await fetch(`${server.url}/api/v1/admin/keys`, { headers: { authorization: `Bearer ${first}` } })).json()) as {
      data: Array<{ id: string; account: string }>;
    };
    const id = list.data.find((k) => k.account === 'admin')!.id;
    const revoked = await fetch(`${server.url}/api/v1/admin/keys/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${first}` },
    });
    assert.equal(revoked.status, 200);
    await server.stop();

    server = await startTestServer(settings, { dataDir });
    assert.equal(server.adminKey, '', 'no new admin key');
    assert.equal(readFileSync(file, 'utf8').trim(), first, 'the revoked key is left in its file');
    await server.stop();

    await db.query(`DELETE FROM ${schema}.meta WHERE name = 'bootstrap_key:admin.key'`);
    server = await startTestServer(settings, { dataDir });
    const made = readFileSync(file, 'utf8').trim();
    assert.notEqual(made, first);
    assert.equal(server.adminKey, made);
    const works = await fetch(`${server.url}/api/v1/admin/keys`, { headers: { authorization: `Bearer ${made}` } });
    assert.equal(works.status, 200);
  } finally {
    await server.stop();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
