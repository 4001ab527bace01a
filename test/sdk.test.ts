/**
 * The official OpenRouter TypeScript SDK, unchanged, pointed at a taskshare server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OpenRouter } from '@openrouter/sdk';
import { OpenRouterCore } from '@openrouter/sdk/core.js';
import { classificationsGetTaskClassifications } from '@openrouter/sdk/funcs/classificationsGetTaskClassifications.js';
import { HTTPClient } from '@openrouter/sdk/lib/http.js';
import { BadRequestResponseError, TooManyRequestsResponseError, UnauthorizedResponseError } from '@openrouter/sdk/models/errors';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** The server's snake_case JSON, renamed the way the SDK renames it. */
function camelize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelize);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), camelize(x)]));
}

describe('@openrouter/sdk against taskshare', () => {
  let server: TestServer;
  let serverURL: string;
  before(async () => {
    server = await startTestServer({ rateLimitPerMinute: 1000 });
    serverURL = `${server.url}/api/v1`;
    const key = await server.createKey('sdk', ['ingest']);
    await postEvents(server.url, key, [
      taggedEvent('s1', { tag: 'code:general_impl', model: 'openai/gpt-4.1-mini' }),
      taggedEvent('s2', { tag: 'code:general_impl', model: 'anthropic/claude-sonnet-4.5' }),
      taggedEvent('s3', { tag: 'agent:web_search', model: null }),
      taggedEvent('s4', { tag: 'summarization' }),
    ]);
  });
  after(() => server.stop());

  it('getTaskClassifications() parses, and its values equal the server JSON', async () => {
    const sdk = new OpenRouter({ apiKey: server.readKey, serverURL });
    const viaSdk = await sdk.classifications.getTaskClassifications();
    const raw = await (await server.get('/api/v1/classifications/task')).json();
    assert.deepEqual(viaSdk, camelize(raw));
    assert.equal(viaSdk.data.classifications.length, 3);
    assert.deepEqual(await sdk.classifications.getTaskClassifications({ window: '7d' }), viaSdk);
  });

  it('a 400 surfaces as BadRequestResponseError', async () => {
    // The SDK refuses other windows before sending, so a hook of its own HTTP client rewrites the
    // request on its way out: the 400 is then the server's, parsed by the SDK as usual.
    const httpClient = new HTTPClient().addHook('beforeRequest', (req) => new Request(req.url.replace('window=7d', 'window=30d'), req));
    const sdk = new OpenRouter({ apiKey: server.readKey, serverURL, httpClient });
    await assert.rejects(
      sdk.classifications.getTaskClassifications({ window: '7d' }),
      (e: unknown) => e instanceof BadRequestResponseError && e.statusCode === 400 && /7d/.test(e.message),
    );
  });

  it('a 401 surfaces as UnauthorizedResponseError; the standalone function returns ok: false', async () => {
    const sdk = new OpenRouter({ apiKey: 'tsk_not-a-real-key-not-a-real-key12', serverURL });
    await assert.rejects(
      sdk.classifications.getTaskClassifications(),
      (e: unknown) => e instanceof UnauthorizedResponseError && e.statusCode === 401,
    );
    const core = new OpenRouterCore({ apiKey: 'tsk_wrongwrongwrongwrongwrongwrongwr', serverURL });
    const result = await classificationsGetTaskClassifications(core);
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.error instanceof UnauthorizedResponseError);
  });

  it('a 429 surfaces as TooManyRequestsResponseError', async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 1 });
    try {
      const sdk = new OpenRouter({ apiKey: limited.readKey, serverURL: `${limited.url}/api/v1` });
      await sdk.classifications.getTaskClassifications();
      await assert.rejects(sdk.classifications.getTaskClassifications(), (e: unknown) => e instanceof TooManyRequestsResponseError);
    } finally {
      await limited.stop();
    }
  });
});
