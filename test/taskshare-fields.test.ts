/**
 * taskshare's own fields over real HTTP, on hand-computed fixtures: the app filter and the apps list,
 * spend shares from usage.cost, the privacy threshold (on the contract endpoint too), the classifier
 * versions, and the corrected usage share of the built-in classifier.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validateServed } from './helpers/openapi.ts';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

const PATH = '/api/v1/taskshare/classifications';
const DAY = 86_400_000;
const at = (ago: number) => Date.now() - ago * DAY;
const near = (a: number, b: number) => Math.abs(a - b) < 1e-12;

type Model = { id: string; tag_usage_share: number; tag_spend_share?: number };
type Item = {
  tag: string;
  usage_share: number;
  spend_share?: number;
  models: Model[];
  estimated_usage_share?: number;
  estimated_usage_share_interval?: [number, number];
};
type Body = {
  data: {
    app: string | null;
    apps: string[];
    has_cost: boolean;
    classifier_versions: string[];
    privacy: { min_users: number | null; models_folded: number; tags_folded: number };
    classifications: Item[];
  };
};

// debugging: 2 requests (ide; users u1, u2; cost 0.3 + 0.1), math: 2 (chat; u1, u3; cost 0.6 + none),
// translation: 1 (no app; u4; no cost). Usage 0.4 / 0.4 / 0.2; spend 0.4 / 0.6 / 0.
const FIXTURE = [
  taggedEvent('d1', {
    tag: 'code:debugging',
    model: 'a/one',
    app: 'ide',
    user: 'u1',
    usage: { prompt_tokens: 100, completion_tokens: 20, cost: 0.3 },
  }),
  taggedEvent('d2', {
    tag: 'code:debugging',
    model: 'b/two',
    app: 'ide',
    user: 'u2',
    usage: { prompt_tokens: 100, completion_tokens: 20, cost: 0.1 },
  }),
  taggedEvent('m1', {
    tag: 'math',
    model: 'a/one',
    app: 'chat',
    user: 'u1',
    usage: { prompt_tokens: 100, completion_tokens: 20, cost: 0.6 },
  }),
  taggedEvent('m2', { tag: 'math', model: 'a/one', app: 'chat', user: 'u3' }),
  taggedEvent('t1', { tag: 'translation', model: 'c/three', user: 'u4', usage: { prompt_tokens: 100, completion_tokens: 20, cost: null } }),
];

async function serverWith(settings: Record<string, unknown>, events: unknown[]): Promise<TestServer> {
  const server = await startTestServer({ rateLimitPerMinute: 1000, rateLimitPerDay: 10000, ...settings });
  const res = await postEvents(server.url, await server.createKey('acme', ['ingest']), events);
  assert.equal(res.status, 200, await res.text());
  return server;
}

async function read(server: TestServer, query = ''): Promise<Body> {
  const res = await server.get(`${PATH}${query}`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as Body;
  assert.deepEqual(await validateServed('/taskshare/classifications', 200, body), []);
  return body;
}

const shares = (b: Body) => b.data.classifications.map((c) => [c.tag, c.usage_share, c.spend_share]);

describe('apps, spend and classifier versions', () => {
  let server: TestServer;
  before(async () => {
    server = await serverWith({}, FIXTURE);
  });
  after(() => server.stop());

  it('spend shares per tag and per model from usage.cost; the contract endpoint is unchanged', async () => {
    const body = await read(server);
    assert.equal(body.data.has_cost, true);
    const got = shares(body);
    assert.deepEqual(
      got.map(([t]) => t),
      ['code:debugging', 'math', 'translation'],
    );
    for (const [i, [usage, spend]] of [
      [0.4, 0.4],
      [0.4, 0.6],
      [0.2, 0],
    ].entries()) {
      assert.ok(near(got[i]![1] as number, usage!) && near(got[i]![2] as number, spend!), JSON.stringify(got[i]));
    }
    const debugging = body.data.classifications[0]!.models.map((m) => [m.id, m.tag_spend_share]);
    assert.ok(near(debugging[0]![1] as number, 0.75) && near(debugging[1]![1] as number, 0.25), JSON.stringify(debugging));
    const contract = (await (await server.get('/api/v1/classifications/task')).json()) as Body;
    assert.equal(JSON.stringify(contract).includes('spend'), false);
  });

  it('app narrows every number to one app; apps lists them all; an unknown app is an empty result', async () => {
    const ide = await read(server, '?app=ide');
    assert.equal(ide.data.app, 'ide');
    assert.deepEqual(ide.data.apps, ['chat', 'ide']);
    assert.deepEqual(shares(ide), [['code:debugging', 1, 1]]);
    assert.deepEqual(
      ide.data.classifications[0]!.models.map((m) => [m.id, m.tag_usage_share]),
      [
        ['a/one', 0.5],
        ['b/two', 0.5],
      ],
    );
    const none = await read(server, '?app=nope');
    assert.deepEqual([none.data.classifications, none.data.apps, none.data.has_cost], [[], ['chat', 'ide'], false]);
    const history = (await (await server.get(`${PATH}/history?app=chat&from=${new Date(at(1)).toISOString().slice(0, 10)}`)).json()) as {
      data: { app: string; points: Array<{ classifications: Array<{ tag: string; usage_share: number }> }> };
    };
    assert.equal(history.data.app, 'chat');
    assert.deepEqual(
      history.data.points.at(-1)!.classifications.map((c) => [c.tag, c.usage_share]),
      [['math', 1]],
    );
    const csv = await (await server.get(`${PATH}?app=ide&format=csv`)).text();
    const [head, first] = csv.split('\r\n').map((l) => l.split(','));
    assert.equal(first![head!.indexOf('app')], 'ide');
    assert.equal(first![head!.indexOf('spend_share')], '1');
  });

  it('names the classifier versions of the window; tags sent with the events are "upstream"', async () => {
    assert.deepEqual((await read(server)).data.classifier_versions, ['upstream']);
    assert.deepEqual((await read(server, '?as_of=2026-01-01')).data.classifier_versions, []);
  });
});

describe('the privacy threshold (TASKSHARE_MIN_USERS)', () => {
  let server: TestServer;
  before(async () => {
    server = await serverWith({ minUsers: 2 }, FIXTURE);
  });
  after(() => server.stop());

  it("folds models and tags below the threshold: a model into its tag's remainder, a tag out of every denominator", async () => {
    const body = await read(server);
    assert.deepEqual(body.data.privacy, { min_users: 2, models_folded: 2, tags_folded: 1 });
    // translation (one user) is gone; debugging's two models (one user each) are folded, math's is kept.
    assert.deepEqual(
      body.data.classifications.map((c) => [c.tag, c.usage_share, c.models.map((m) => [m.id, m.tag_usage_share])]),
      [
        ['code:debugging', 0.5, []],
        ['math', 0.5, [['a/one', 1]]],
      ],
    );
  });

  it('applies to the contract endpoint too', async () => {
    const contract = (await (await server.get('/api/v1/classifications/task')).json()) as Body;
    assert.deepEqual(
      contract.data.classifications.map((c) => [c.tag, c.usage_share, c.models.length]),
      [
        ['code:debugging', 0.5, 0],
        ['math', 0.5, 1],
      ],
    );
    const macro = (contract.data as unknown as { macro_categories: Array<{ usage_share: number }> }).macro_categories;
    assert.ok(
      near(
        macro.reduce((a, m) => a + m.usage_share, 0),
        1,
      ),
    );
  });

  it('and to the history', async () => {
    const history = (await (await server.get(`${PATH}/history?from=${new Date(at(1)).toISOString().slice(0, 10)}`)).json()) as {
      data: { points: Array<{ classifications: Array<{ tag: string; usage_share: number }> }> };
    };
    assert.deepEqual(
      history.data.points.at(-1)!.classifications.map((c) => [c.tag, c.usage_share]),
      [
        ['code:debugging', 0.5],
        ['math', 0.5],
      ],
    );
  });
});

describe("estimated_usage_share: the built-in classifier's known error corrected", () => {
  const request = (text: string) => ({ messages: [{ role: 'user', content: text }] });
  const PROMPTS = [
    'Translate this paragraph into French: the meeting is moved to Thursday afternoon.',
    'Fix this Python error: TypeError: unsupported operand type(s) for +: int and str in line 12',
    'Solve for x: 3x + 7 = 22, and show each step of the algebra.',
    'Summarize the following article in three bullet points: The city council voted on Tuesday to expand the bike lane network.',
  ];
  const classified = PROMPTS.flatMap((p, i) =>
    [0, 1, 2].map((k) => ({
      id: `b${i}-${k}`,
      timestamp: at(1),
      model: 'a/one',
      usage: { prompt_tokens: 50, completion_tokens: 10 },
      request: request(p),
    })),
  );

  it('is given with its interval when every request of the window was tagged by the built-in model', async () => {
    const server = await serverWith({}, classified);
    try {
      const body = await read(server);
      assert.equal(body.data.classifier_versions.length, 1);
      assert.match(body.data.classifier_versions[0]!, /^builtin-[0-9a-f]{8}$/);
      assert.ok(body.data.classifications.length > 0);
      let sum = 0;
      for (const c of body.data.classifications) {
        const [low, high] = c.estimated_usage_share_interval!;
        assert.ok(low <= c.estimated_usage_share! && c.estimated_usage_share! <= high && low >= 0 && high <= 1, JSON.stringify(c));
        sum += c.estimated_usage_share!;
      }
      assert.ok(sum <= 1 + 1e-9);
    } finally {
      await server.stop();
    }
  });

  it('is left out when the window mixes in tags from elsewhere', async () => {
    const server = await serverWith({}, [...classified, taggedEvent('up-1', { timestamp: at(1) })]);
    try {
      const body = await read(server);
      assert.equal(body.data.classifier_versions.length, 2);
      assert.ok(body.data.classifications.every((c) => c.estimated_usage_share === undefined));
    } finally {
      await server.stop();
    }
  });
});

describe('usage.cost on ingest', () => {
  it('is validated like the token counts: a bad one rejects its record, saying why, and the rest are kept', async () => {
    const server = await startTestServer();
    try {
      const key = await server.createKey('acme', ['ingest']);
      const cost = (id: string, value: unknown) => taggedEvent(id, { usage: { prompt_tokens: 1, completion_tokens: 1, cost: value } });
      const res = await postEvents(server.url, key, [
        cost('ok', 0.25),
        cost('zero', 0),
        cost('null', null),
        cost('neg', -0.01),
        cost('text', '0.5'),
        cost('huge', 1e10),
      ]);
      assert.equal(res.status, 200);
      const body = ((await res.json()) as { data: { accepted: number; rejected: Array<{ id: string; reason: string }> } }).data;
      assert.equal(body.accepted, 3);
      const reasons = Object.fromEntries(body.rejected.map((r) => [r.id, r.reason]));
      assert.match(reasons.neg!, /usage\.cost must be >= 0/);
      assert.match(reasons.text!, /usage\.cost must be number,null/);
      assert.match(reasons.huge!, /usage\.cost must be <= 1000000000/);
      const read = await server.get(PATH);
      const data = ((await read.json()) as Body).data;
      assert.equal(data.has_cost, true, '0 is a cost; null is none');
    } finally {
      await server.stop();
    }
  });
});
