/**
 * @taskshare/sdk against a real taskshare server (each call, each error class, parity with the official
 * @openrouter/sdk), and against a scripted local HTTP server for what a healthy server will not do:
 * fail twice then answer, ask to retry after a while, hang, or answer HTML, nothing or half a JSON.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { OpenRouter } from '@openrouter/sdk';
import { HTTPClient } from '@openrouter/sdk/lib/http.js';
import {
  analyticsGet,
  BadRequestResponseError,
  ConnectionError,
  classificationsGetTaskClassifications,
  ForbiddenResponseError,
  InternalServerResponseError,
  NotFoundResponseError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  type RetryEvent,
  SDKValidationError,
  ServiceUnavailableResponseError,
  TaskShare,
  TaskShareCore,
  TaskShareDefaultError,
  type TaskShareError,
  type TaskShareEvent,
  TooManyRequestsResponseError,
  UnauthorizedResponseError,
  UnexpectedClientError,
} from '@taskshare/sdk';
import { startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';
import { type StubAnswer, startStub } from './helpers/stub.ts';

const BAD_KEY = 'tsk_not-a-real-key-not-a-real-key12';
const fast = { strategy: 'backoff', backoff: { initialInterval: 10, maxInterval: 20 } } as const;

/** What a call failed with, for comparing two SDKs' errors. */
async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected the call to fail');
}

describe('@taskshare/sdk against a taskshare server', () => {
  let server: TestServer;
  let serverURL: string;
  let ingestKey: string;
  before(async () => {
    server = await startTestServer({ rateLimitPerMinute: 1000 });
    serverURL = `${server.url}/api/v1`;
    ingestKey = await server.createKey('sdk', ['ingest']);
  });
  after(() => server.stop());

  it('events.ingest sends batches (an array, then an async iterable) and adds up the answers; again, all are duplicates', async () => {
    const sdk = new TaskShare({ apiKey: ingestKey, serverURL });
    const events = [
      taggedEvent('s1', { tag: 'code:general_impl', model: 'openai/gpt-4.1-mini' }),
      taggedEvent('s2', { tag: 'code:general_impl', model: 'anthropic/claude-sonnet-4.5' }),
      taggedEvent('s3', { tag: 'agent:web_search', model: null }),
      { id: 's-bad', timestamp: Date.now(), usage: { prompt_tokens: -1, completion_tokens: 0 }, tag: 'math' },
      taggedEvent('s4', { tag: 'summarization' }),
    ] as TaskShareEvent[];
    const batches: number[] = [];
    const first = await sdk.events.ingest(events, { batchSize: 2, onBatch: (_r, n) => batches.push(n) });
    assert.deepEqual(batches, [2, 2, 1]);
    assert.equal(first.batches, 3);
    assert.equal(first.events, 5);
    assert.equal(first.accepted, 4);
    assert.equal(first.rejected.length, 1);
    assert.equal(first.rejected[0]!.index, 3, 'the position in the events given, across batches');
    assert.equal(first.rejected[0]!.id, 's-bad');
    async function* again() {
      for (const e of events) yield e;
    }
    const second = await sdk.events.ingest(again(), { gzip: false });
    assert.equal(second.accepted, 0);
    assert.equal(second.duplicates, 4);
  });

  it('getTaskClassifications returns what @openrouter/sdk returns, deep-equal, in both styles', async () => {
    const official = await new OpenRouter({ apiKey: server.readKey, serverURL }).classifications.getTaskClassifications();
    const sdk = new TaskShare({ apiKey: server.readKey, serverURL });
    const ours = await sdk.classifications.getTaskClassifications();
    assert.deepEqual(ours, official);
    assert.equal(ours.data.classifications.length, 3);
    assert.deepEqual(await sdk.classifications.getTaskClassifications({ window: '7d' }), official);
    const res = await classificationsGetTaskClassifications(new TaskShareCore({ apiKey: server.readKey, serverURL }), { window: '7d' });
    assert.ok(res.ok);
    assert.deepEqual(res.value, official);
  });

  it('a URL without a path means /api/v1', async () => {
    const sdk = new TaskShare({ apiKey: server.readKey, serverURL: server.url });
    assert.equal((await sdk.classifications.getTaskClassifications()).data.windowDays, 7);
  });

  it('400, 401 and 429 fail with the errors @openrouter/sdk fails with, by name and status', async () => {
    // Both SDKs refuse window=30d before sending, so each gets a fetch that rewrites the request on its way out.
    const rewrite = (req: Request) => new Request(req.url.replace('window=7d', 'window=30d'), req);
    const officialHttp = new HTTPClient().addHook('beforeRequest', rewrite);
    const cases: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
      [
        '400',
        () =>
          new OpenRouter({ apiKey: server.readKey, serverURL, httpClient: officialHttp }).classifications.getTaskClassifications({
            window: '7d',
          }),
        () =>
          new TaskShare({ apiKey: server.readKey, serverURL, fetch: (r) => fetch(rewrite(r)) }).classifications.getTaskClassifications({
            window: '7d',
          }),
      ],
      [
        '401',
        () => new OpenRouter({ apiKey: BAD_KEY, serverURL }).classifications.getTaskClassifications(),
        () => new TaskShare({ apiKey: BAD_KEY, serverURL }).classifications.getTaskClassifications(),
      ],
    ];
    for (const [what, official, ours] of cases) {
      const [a, b] = [await failure(official()), await failure(ours())];
      assert.equal(b.name, a.name, what);
      assert.equal(b.constructor.name, a.constructor.name, what);
      assert.equal((b as TaskShareError).statusCode, Number(what));
      assert.equal(b.message, a.message, what);
    }
    const e400 = await failure(cases[0]![2]());
    assert.ok(e400 instanceof BadRequestResponseError && /7d/.test(e400.message) && e400.error.code === 400);
    assert.ok(e400.headers.get('content-type')?.startsWith('application/json'));
    assert.equal(JSON.parse(e400.body).error.message, e400.message);
    assert.ok((await failure(cases[1]![2]())) instanceof UnauthorizedResponseError);

    const limited = await startTestServer({ rateLimitPerMinute: 1 });
    try {
      const url = `${limited.url}/api/v1`;
      await new TaskShare({ apiKey: limited.readKey, serverURL: url }).classifications.getTaskClassifications();
      const a = await failure(new OpenRouter({ apiKey: limited.readKey, serverURL: url }).classifications.getTaskClassifications());
      const b = await failure(new TaskShare({ apiKey: limited.readKey, serverURL: url }).classifications.getTaskClassifications());
      assert.equal(b.name, a.name);
      assert.ok(b instanceof TooManyRequestsResponseError, 'no 429 retry unless asked');
      assert.ok((b.retryAfterMs ?? 0) > 0, 'Retry-After is read');
    } finally {
      await limited.stop();
    }
  });

  it('analytics.get and analytics.history: the taskshare read API, camelCase', async () => {
    const sdk = new TaskShare({ apiKey: server.readKey, serverURL });
    const { data } = await sdk.analytics.get({ window: '28d' });
    assert.equal(data.windowDays, 28);
    assert.equal(data.classifications.length, 3);
    const c = data.classifications[0]!;
    assert.equal(typeof c.previous.usageShare, 'number');
    assert.equal(c.usageShareInterval.length, 2);
    assert.equal(typeof c.changePp.usage, 'number');
    assert.match(data.previousWindow.from, /^\d{4}-\d{2}-\d{2}$/);
    // The fields of the current server, as it sends them.
    assert.deepEqual([data.app, data.hasCost, data.privacy], [null, false, { minUsers: null, modelsFolded: 0, tagsFolded: 0 }]);
    assert.ok(Array.isArray(data.apps) && Array.isArray(data.classifierVersions));
    assert.equal(c.tokenShareInterval?.length, 2);
    const asOf = new Date(Date.now() - 3 * 86_400_000);
    assert.equal((await sdk.analytics.get({ asOf })).data.asOf, asOf.toISOString().slice(0, 10));

    const history = await sdk.analytics.history({ window: '7d', step: '1d', from: data.previousWindow.from, to: data.to });
    assert.equal((await sdk.analytics.history({ app: 'nope', to: data.to })).data.app, 'nope');
    assert.equal(history.data.stepDays, 1);
    assert.equal(history.data.points.at(-1)!.asOf, data.to);
    assert.ok(history.data.points.at(-1)!.classifications.some((p) => p.tag === 'code:general_impl' && p.usageShare > 0));
  });

  it('keys.create, list, revoke; 403 and 404 have their classes', async () => {
    const admin = new TaskShare({ apiKey: server.adminKey, serverURL });
    const { data: created } = await admin.keys.create({ account: 'acme', scopes: ['read'] });
    assert.match(created.key, /^tsk_/);
    const listed = (await admin.keys.list()).data.find((k) => k.id === created.id)!;
    assert.deepEqual({ ...listed, key: created.key }, created);
    assert.equal(listed.revokedAt, null);
    assert.ok(!JSON.stringify(await admin.keys.list()).includes(created.key), 'list never shows a key');
    const reader = new TaskShare({ apiKey: created.key, serverURL });
    assert.ok((await failure(reader.keys.list())) instanceof ForbiddenResponseError);
    assert.deepEqual((await admin.keys.revoke(created.id)).data, { id: created.id, revoked: true });
    assert.ok((await failure(reader.classifications.getTaskClassifications())) instanceof UnauthorizedResponseError);
    const missing = await failure(admin.keys.revoke('key_missing'));
    assert.ok(missing instanceof NotFoundResponseError && missing.statusCode === 404);
  });

  it('health.ready and demo.remove', async () => {
    const sdk = new TaskShare({ apiKey: server.adminKey, serverURL });
    const ready = await sdk.health.ready();
    assert.equal(ready.status, 'ready');
    assert.equal(ready.checks.store, 'ok');
    assert.deepEqual(await sdk.demo.remove(), { data: { removed: 0 } });
  });

  it('every method refuses bad arguments before sending, naming the argument', async () => {
    let sent = 0;
    const sdk = new TaskShare({
      apiKey: server.adminKey,
      serverURL,
      fetch: (r) => {
        sent++;
        return fetch(r);
      },
    });
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['window', () => sdk.classifications.getTaskClassifications({ window: '30d' as '7d' })],
      ['window', () => sdk.analytics.get({ window: '8d' as '7d' })],
      ['asOf', () => sdk.analytics.get({ asOf: '2025-02-30' })],
      ['app', () => sdk.analytics.get({ app: '' })],
      ['step', () => sdk.analytics.history({ step: '2d' as '1d' })],
      ['from', () => sdk.analytics.history({ from: '2025-03-02', to: '2025-03-01' })],
      ['account', () => sdk.keys.create({ account: 'a b' })],
      ['scopes[1]', () => sdk.keys.create({ account: 'a', scopes: ['read', 'root' as 'read'] })],
      ['id', () => sdk.keys.revoke('../admin')],
      ['events', () => sdk.events.ingest('not events' as unknown as [])],
      ['events[1].id', () => sdk.events.ingest([taggedEvent('x1'), { ...taggedEvent('x2'), id: '' }] as never)],
      ['events[0]', () => sdk.events.ingest([null] as never)],
      ['options.batchSize', () => sdk.events.ingest([], { batchSize: 0 })],
      ['ndjson', () => sdk.events.send('')],
      ['options.timeoutMs', () => sdk.health.ready({ timeoutMs: -5 })],
    ];
    for (const [argument, call] of cases) {
      const err = await failure(call());
      assert.ok(err instanceof SDKValidationError, `${argument}: ${err}`);
      assert.equal(err.argument, argument);
      assert.ok(err.message.includes(argument), err.message);
    }
    assert.equal(sent, 0, 'nothing reached the server');
    const res = await analyticsGet(new TaskShareCore({ serverURL: 'ftp://x' }));
    assert.ok(!res.ok && res.error instanceof SDKValidationError && res.error.argument === 'serverURL');
  });

  it('a standalone function returns its failures, even an apiKey function that throws', async () => {
    const core = new TaskShareCore({ apiKey: BAD_KEY, serverURL });
    const r = await classificationsGetTaskClassifications(core);
    assert.ok(!r.ok && r.error instanceof UnauthorizedResponseError);
    const broken = new TaskShareCore({
      apiKey: async () => {
        throw new Error('vault sealed');
      },
      serverURL,
    });
    const b = await classificationsGetTaskClassifications(broken);
    assert.ok(!b.ok && b.error instanceof UnexpectedClientError && /vault sealed/.test(b.error.message));
  });
});

describe('@taskshare/sdk against a scripted HTTP server', () => {
  const ok = { data: { as_of: '2025-01-01', window_days: 7, classifications: [], macro_categories: [] } };
  const withStub = async (answers: StubAnswer[], run: (url: string, stub: Awaited<ReturnType<typeof startStub>>) => Promise<void>) => {
    const stub = await startStub(answers);
    try {
      await run(`${stub.url}/api/v1`, stub);
    } finally {
      await stub.close();
    }
  };

  it('5XX twice, then an answer: retried with backoff, and the server saw three tries', () =>
    withStub(
      [{ status: 503, body: { error: { code: 503, message: 'busy' } } }, { status: 500, body: 'oops' }, { body: ok }],
      async (serverURL, stub) => {
        const retries: RetryEvent[] = [];
        const sdk = new TaskShare({ serverURL, retryConfig: fast });
        const value = await sdk.classifications.getTaskClassifications({}, { onRetry: (e) => retries.push(e) });
        assert.equal(value.data.asOf, '2025-01-01');
        assert.equal(stub.requests.length, 3);
        assert.deepEqual(
          retries.map((r) => [r.attempt, r.statusCode]),
          [
            [1, 503],
            [2, 500],
          ],
        );
      },
    ));

  it('a dropped connection twice, then an answer: retried', () =>
    withStub([{ drop: true }, { drop: true }, { body: ok }], async (serverURL, stub) => {
      const retries: RetryEvent[] = [];
      const sdk = new TaskShare({ serverURL, retryConfig: fast });
      await sdk.classifications.getTaskClassifications({}, { onRetry: (e) => retries.push(e) });
      assert.equal(stub.requests.length, 3);
      assert.ok(retries.every((r) => r.error instanceof ConnectionError));
    }));

  it('retries end: by count, by total time, or not at all, and the last error stands', () =>
    withStub([{ status: 500, body: { error: { code: 500, message: 'down' } } }], async (serverURL, stub) => {
      const err = await failure(
        new TaskShare({ serverURL, retryConfig: { ...fast, maxRetries: 2 } }).classifications.getTaskClassifications(),
      );
      assert.ok(err instanceof InternalServerResponseError && err.error.message === 'down');
      assert.equal(stub.requests.length, 3);
      const slow = { strategy: 'backoff', backoff: { initialInterval: 5_000, maxElapsedTime: 1_000 } } as const;
      await failure(new TaskShare({ serverURL, retryConfig: slow }).classifications.getTaskClassifications());
      assert.equal(stub.requests.length, 4, 'a wait past maxElapsedTime is not started');
      await failure(new TaskShare({ serverURL }).classifications.getTaskClassifications({}, { retries: { strategy: 'none' } }));
      assert.equal(stub.requests.length, 5);
    }));

  it('429 with Retry-After: waited out when asked, at least that long as the server saw it', () =>
    withStub(
      [{ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 429, message: 'Rate limit exceeded' } } }, { body: ok }],
      async (serverURL, stub) => {
        const sdk = new TaskShare({ serverURL, retryConfig: { ...fast, retry429: true } });
        const retries: RetryEvent[] = [];
        await sdk.classifications.getTaskClassifications({}, { onRetry: (e) => retries.push(e) });
        assert.equal(stub.requests.length, 2);
        assert.ok(stub.requests[1]!.at - stub.requests[0]!.at >= 1000, 'the second try came after Retry-After');
        assert.deepEqual(
          retries.map((r) => [r.statusCode, r.delayMs, r.retryAfter]),
          [[429, 1000, true]],
        );
      },
    ));

  it('a Retry-After past the bounds ends the call with the 429', () =>
    withStub(
      [{ status: 429, headers: { 'retry-after': '3600' }, body: { error: { code: 429, message: 'Rate limit exceeded' } } }],
      async (serverURL, stub) => {
        const sdk = new TaskShare({ serverURL, retryConfig: { strategy: 'backoff', retry429: true } });
        const err = await failure(sdk.classifications.getTaskClassifications());
        assert.ok(err instanceof TooManyRequestsResponseError && err.retryAfterMs === 3_600_000);
        assert.equal(stub.requests.length, 1);
      },
    ));

  it('events.send retries a 429 by default, gzips, and re-sends the same bytes', () =>
    withStub(
      [
        { status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 429, message: 'slow down' } } },
        { body: { data: { accepted: 1, duplicates: 0, sampled_out: 0, rejected: [], outside_window: { count: 0, today: 0, older: 0 } } } },
      ],
      async (serverURL, stub) => {
        const sdk = new TaskShare({ serverURL, apiKey: 'k' });
        const r = await sdk.events.send(JSON.stringify(taggedEvent('g1')));
        assert.deepEqual(r, { accepted: 1, duplicates: 0, sampledOut: 0, rejected: [], outsideWindow: { count: 0, today: 0, older: 0 } });
        assert.equal(stub.requests.length, 2);
        const [a, b] = stub.requests;
        assert.equal(a!.headers['content-encoding'], 'gzip');
        assert.equal(a!.headers['content-type'], 'application/x-ndjson');
        assert.equal(a!.headers.authorization, 'Bearer k');
        assert.deepEqual(a!.body, b!.body);
        assert.equal(JSON.parse(gunzipSync(a!.body).toString()).id, 'g1');
      },
    ));

  it('abort and timeout of a request in flight: RequestAbortedError and RequestTimeoutError', () =>
    withStub([{ hang: true }], async (serverURL) => {
      const sdk = new TaskShare({ serverURL, retryConfig: fast });
      const controller = new AbortController();
      const pending = failure(sdk.classifications.getTaskClassifications({}, { signal: controller.signal }));
      setTimeout(() => controller.abort(), 50);
      assert.ok((await pending) instanceof RequestAbortedError);
      assert.ok((await failure(sdk.classifications.getTaskClassifications({}, { timeoutMs: 100 }))) instanceof RequestTimeoutError);
      const client = new TaskShare({ serverURL, timeoutMs: 100 });
      assert.ok((await failure(client.health.ready())) instanceof RequestTimeoutError, 'the client-wide timeout');
    }));

  it('retrySignal ends a wait between tries, not a request in flight', () =>
    withStub([{ status: 503, body: { error: { code: 503, message: 'busy' } } }], async (serverURL, stub) => {
      const sdk = new TaskShare({
        serverURL,
        retryConfig: { strategy: 'backoff', backoff: { initialInterval: 60_000, maxInterval: 60_000 } },
      });
      const stop = new AbortController();
      const err = await failure(
        sdk.classifications.getTaskClassifications({}, { retrySignal: stop.signal, onRetry: () => setTimeout(() => stop.abort(), 10) }),
      );
      assert.ok(err instanceof RequestAbortedError);
      assert.equal(stub.requests.length, 1);
    }));

  it('long-lived signals passed to many calls keep no listeners once the calls end', () =>
    withStub([{ body: ok }], async (serverURL) => {
      const sdk = new TaskShare({ serverURL });
      const signal = new AbortController().signal;
      const retrySignal = new AbortController().signal;
      for (let i = 0; i < 12; i++) await sdk.classifications.getTaskClassifications({}, { signal, retrySignal });
      assert.equal(getEventListeners(signal, 'abort').length, 0);
      assert.equal(getEventListeners(retrySignal, 'abort').length, 0);
    }));

  const malformed: Array<[string, StubAnswer, RegExp]> = [
    ['HTML', { headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Sign in</title>' }, /HTML page/],
    ['an empty body', { headers: { 'content-type': 'application/json' }, body: '' }, /empty body/],
    ['a truncated JSON', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(ok).slice(0, 40) }, /truncated/],
    [
      'a wrong content type',
      { headers: { 'content-type': 'text/plain' }, body: JSON.stringify(ok) },
      /Content-Type application\/json, got "text\/plain"/,
    ],
    [
      'a wrong shape',
      { body: { data: { ...ok.data, classifications: [{ tag: 'math', usage_share: 'lots' }] } } },
      /data\.classifications\[0\]\.display_name: missing/,
    ],
  ];
  for (const [what, answer, message] of malformed) {
    it(`a 200 with ${what} is a ResponseValidationError that says so`, () =>
      withStub([answer], async (serverURL) => {
        const res = await classificationsGetTaskClassifications(new TaskShareCore({ serverURL }));
        assert.ok(!res.ok);
        assert.ok(res.error instanceof ResponseValidationError, String(res.error));
        assert.match(res.error.message, message);
        assert.equal(res.error.statusCode, 200);
      }));
  }

  it('an error status with an HTML body is the default error, with status, type and body', () =>
    withStub([{ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' }], async (serverURL) => {
      const err = await failure(new TaskShare({ serverURL }).classifications.getTaskClassifications({}, { retries: { strategy: 'none' } }));
      assert.ok(err instanceof TaskShareDefaultError && err.statusCode === 502);
      assert.match(err.message, /Status 502 Content-Type text\/html\. Body: <html>Bad Gateway<\/html>/);
    }));

  it('a 503 readiness names what fails', () =>
    withStub(
      [{ status: 503, headers: { 'retry-after': '5' }, body: { error: { code: 503, message: 'Not ready: store not answering' } } }],
      async (serverURL, stub) => {
        const err = await failure(new TaskShare({ serverURL }).health.ready());
        assert.ok(err instanceof ServiceUnavailableResponseError && /store/.test(err.message));
        assert.equal(stub.requests[0]!.url, '/readyz');
        assert.equal(stub.requests.length, 1, 'a probe does not retry by default');
      },
    ));

  it('fields a newer server adds are typed when present, unknown ones left out, and app is sent', () =>
    withStub(
      [
        {
          body: {
            data: {
              as_of: '2025-01-01',
              window_days: 7,
              from: '2024-12-26',
              to: '2025-01-01',
              previous_window: { from: '2024-12-19', to: '2024-12-25' },
              sample_rate: 1,
              confidence_level: 0.95,
              app: 'acme',
              has_cost: true,
              classifier_versions: ['builtin-0badcafe'],
              privacy: { min_users: 5, models_folded: 2, tags_folded: 0 },
              brand_new: 1,
              classifications: [
                {
                  tag: 'math',
                  display_name: 'Math',
                  macro_category: 'general',
                  usage_share: 1,
                  token_share: 1,
                  category_usage_share: 1,
                  category_token_share: 1,
                  models: [{ id: 'openai/gpt-4.1', tag_usage_share: 1, tag_token_share: 1, tag_spend_share: 0.5 }],
                  previous: { usage_share: 0, token_share: 0 },
                  change_pp: { usage: 100, token: 100 },
                  usage_share_interval: [0.9, 1],
                  token_share_interval: [0.8, 1],
                  spend_share: 1,
                  estimated_usage_share: 0.97,
                  estimated_usage_share_interval: [0.9, 1],
                  another_new_one: 'x',
                },
              ],
              macro_categories: [],
            },
          },
        },
      ],
      async (serverURL, stub) => {
        const { data } = await new TaskShare({ serverURL }).analytics.get({ app: 'acme', window: '7d' });
        assert.equal(new URL(stub.requests[0]!.url, 'http://x').searchParams.get('app'), 'acme');
        assert.equal(data.app, 'acme');
        assert.equal(data.hasCost, true);
        assert.deepEqual(data.classifierVersions, ['builtin-0badcafe']);
        assert.deepEqual(data.privacy, { minUsers: 5, modelsFolded: 2, tagsFolded: 0 });
        const c = data.classifications[0]!;
        assert.deepEqual(c.models, [{ id: 'openai/gpt-4.1', tagUsageShare: 1, tagTokenShare: 1, tagSpendShare: 0.5 }]);
        assert.deepEqual(
          [c.tokenShareInterval, c.spendShare, c.estimatedUsageShare, c.estimatedUsageShareInterval],
          [[0.8, 1], 1, 0.97, [0.9, 1]],
        );
        assert.ok(!('brandNew' in data) && !('brand_new' in data) && !('anotherNewOne' in c));
        assert.ok(!('apps' in data), 'absent stays absent');
      },
    ));
});
