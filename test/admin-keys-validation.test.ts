/**
 * The admin create-key body is validated, not coerced, and key ids are checked before the store sees
 * them: on DuckDB and on PostgreSQL (which refuses a NUL byte in text, once a 500).
 */
// test-needs: postgres
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startTestServer, type TestServer } from './helpers/server.ts';

const pgUrl = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

for (const store of ['duckdb', 'postgres'] as const) {
  describe(`admin API validation on ${store}`, () => {
    let server: TestServer;
    const schema = `adm_${randomBytes(6).toString('hex')}`;
    before(async () => {
      server = await startTestServer(store === 'postgres' ? { store, databaseUrl: pgUrl, pgSchema: schema } : {});
    });
    after(async () => {
      await server.stop();
      if (store === 'postgres') {
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    });

    const create = (body: string) =>
      fetch(`${server.url}/api/v1/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
        body,
      });
    const keyCount = async () =>
      (
        (await (await fetch(`${server.url}/api/v1/admin/keys`, { headers: { authorization: `Bearer ${server.adminKey}` } })).json()) as {
          data: unknown[];
        }
      ).data.length;

    async function expect400(res: Response, field: RegExp): Promise<void> {
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('content-type'), 'application/json');
      const body = (await res.json()) as { error: { code: number; message: string } };
      assert.equal(body.error.code, 400);
      assert.match(body.error.message, field);
    }

    it('refuses wrong types, unknown fields, unknown scopes and __proto__ with a 400 naming the field, creating nothing', async () => {
      const before = await keyCount();
      await expect400(await create('{"account":"acme","scopes":"admin"}'), /"scopes"/);
      await expect400(await create('{"account":123}'), /"account"/);
      await expect400(await create('{"account":"acme","scope":["admin"]}'), /unknown field "scope"/);
      await expect400(await create('{"account":"acme","scopes":["root"]}'), /"scopes\.0"/);
      await expect400(await create('{"account":"acme","scopes":[]}'), /"scopes"/);
      await expect400(await create('{"account":"acme","__proto__":{"scopes":["admin"]}}'), /unknown field "__proto__"/);
      await expect400(await create('{"account":"a b"}'), /"account"/);
      await expect400(await create('["acme"]'), /body/);
      await expect400(await create('{"account":'), /not valid JSON/);
      assert.equal(await keyCount(), before);
    });

    it('still creates a key from a valid body', async () => {
      const res = await create('{"account":"acme","scopes":["ingest","read"]}');
      assert.equal(res.status, 201);
      const { data } = (await res.json()) as { data: { account: string; scopes: string[] } };
      assert.deepEqual([data.account, data.scopes], ['acme', ['ingest', 'read']]);
    });

    it('a key id with a NUL byte or outside the charset is a 400, an unknown one a 404', async () => {
      const del = (id: string) =>
        fetch(`${server.url}/api/v1/admin/keys/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${server.adminKey}` } });
      for (const id of ['%00', 'key_%00x', 'a%20b', 'x'.repeat(65)]) {
        const res = await del(id);
        assert.equal(res.status, 400, id);
        const body = (await res.json()) as { error: { code: number; message: string } };
        assert.equal(body.error.code, 400);
        assert.match(body.error.message, /Invalid key id/);
      }
      const missing = await del('key_0000000000000000');
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as { error: { code: number } }).error.code, 404);
    });
  });
}
