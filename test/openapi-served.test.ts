/**
 * The served API description: every registered route is described, and the classifications part is
 * the OpenRouter contract unchanged.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parse } from 'yaml';
import { servedOperations } from '../src/http/app.ts';
import { nullableTo31 } from '../src/http/openapi-31.ts';
import { contract } from './helpers/openapi.ts';
import { startTestServer } from './helpers/server.ts';

it('describes every route the server registers, and keeps the contract part unchanged', async () => {
  const server = await startTestServer();
  try {
    const yaml = await server.get('/api/v1/openapi.yaml');
    assert.equal(yaml.status, 200);
    const doc = parse(await yaml.text()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    const json = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    assert.deepEqual(json, doc);

    // The contract's text, with its 3.0 `nullable` said the 3.1 way (src/http/openapi-31.ts), and nothing else changed.
    assert.deepEqual(doc.paths['/classifications/task'], nullableTo31(contract.paths['/classifications/task']));
    for (const [name, schema] of Object.entries(contract.components.schemas))
      assert.deepEqual(doc.components.schemas[name], nullableTo31(schema), name);

    const described = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      const full = item.servers ? path : `/api/v1${path}`;
      for (const method of Object.keys(item))
        if (method !== 'servers') described.add(`${method.toUpperCase()} ${full.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const served = servedOperations(server.app);
    assert.ok(served.length >= 10);
    assert.deepEqual(
      served.filter((op) => !described.has(op)),
      [],
    );
    for (const op of described) assert.ok(served.includes(op), `described but not served: ${op}`);
  } finally {
    await server.stop();
  }
});
