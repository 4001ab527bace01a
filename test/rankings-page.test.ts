/**
 * The rankings page in Debian's Chromium against real servers with known data: what it draws is what
 * the read API answers (cells, models, windows, history, CSV), it loads nothing from another host,
 * logs no console error, and every bad state (no data, one task with a hundred long-named models, a
 * missing or revoked key, the server gone) shows a message. Screenshots go to test-output/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { haveChromium, launchBrowser, type TestBrowser, type WatchedPage } from './helpers/browser.ts';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

const OUT = join(process.cwd(), 'test-output');
const DAY = 86_400_000;
const day = (ago: number) => new Date(Date.now() - ago * DAY).toISOString().slice(0, 10);
const at = (ago: number) => Date.parse(`${day(ago)}T12:00:00Z`);
const API = '/api/v1/taskshare/classifications';
const LIMITS = { rateLimitPerMinute: 10_000, rateLimitPerDay: 100_000 };
// Without Chromium the suite is skipped on a developer's machine; CI installs it, and fails without it.
const skip = !haveChromium() && !process.env.CI ? 'Debian chromium is not installed (apt-get install chromium)' : false;

type Item = {
  tag: string;
  usage_share: number;
  token_share: number;
  models: Array<{ id: string; tag_usage_share: number; tag_token_share: number }>;
};
type Body = { data: { as_of: string; classifications: Item[] } };
type History = { data: { points: Array<{ as_of: string; macro_categories: Array<{ key: string; usage_share: number }> }> } };

/** Known data: six tasks in four macro categories, several models, spread over 28 days. */
function dataset(): Record<string, unknown>[] {
  const plan: Array<[string, string[], number, number]> = [
    // tag, models (cycled), events in the last 7 days, events 8..27 days ago
    ['code:debugging', ['openai/gpt-4.1', 'anthropic/claude-sonnet-4.5', 'openai/gpt-4.1', 'google/gemini-2.5-pro'], 12, 4],
    ['code:general_impl', ['anthropic/claude-sonnet-4.5', 'openai/gpt-4.1-mini'], 8, 6],
    ['data:extraction', ['google/gemini-2.5-flash'], 5, 2],
    ['agent:tool_dispatch', ['openai/gpt-4.1', 'qwen/qwen3-coder'], 4, 8],
    ['translation', ['deepseek/deepseek-chat'], 3, 1],
    ['math', ['openai/o4-mini'], 2, 5],
  ];
  const events: Record<string, unknown>[] = [];
  for (const [tag, models, recent, older] of plan) {
    for (let i = 0; i < recent + older; i += 1) {
      const ago = i < recent ? 1 + (i % 6) : 8 + (i % 20);
      // Translation's requests are long, so sizing by tokens visibly changes the treemap.
      const usage =
        tag === 'translation' ? { prompt_tokens: 4000, completion_tokens: 1000 } : { prompt_tokens: 100 + i * 10, completion_tokens: 20 };
      events.push(taggedEvent(`${tag}-${i}`, { tag, model: models[i % models.length], timestamp: at(ago), usage }));
    }
  }
  return events;
}

async function ingest(server: TestServer, events: Record<string, unknown>[]): Promise<void> {
  const key = await server.createKey('loader', ['ingest']);
  const res = await postEvents(server.url, key, events);
  assert.equal(res.status, 200, await res.text());
}

async function api<T>(server: TestServer, path: string): Promise<T> {
  const res = await server.get(path);
  assert.equal(res.status, 200);
  return (await res.json()) as T;
}

const cells = (page: Page) =>
  page.$$eval('#treemap button.cell', (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return {
        tag: (e as HTMLElement).dataset.tag!,
        share: Number((e as HTMLElement).dataset.share),
        area: r.width * r.height,
        label: e.getAttribute('aria-label') ?? '',
      };
    }),
  );

const sortByTag = <T extends { tag: string }>(xs: T[]) => [...xs].sort((a, b) => a.tag.localeCompare(b.tag));
const onlyNetworkErrors = (errors: string[]) => errors.filter((e) => !/Failed to load resource/.test(e));

describe('the rankings page in a real browser', { skip }, () => {
  let browser: TestBrowser;
  let server: TestServer;
  let view: WatchedPage;

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startTestServer({ ...LIMITS, deploymentName: 'Acme <Labs>' });
    await ingest(server, dataset());
    browser = await launchBrowser();
    view = await browser.open(`${server.url}/`, { viewport: { width: 1280, height: 1000 } });
    await view.page.waitForSelector('#treemap button.cell');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws one treemap cell per task of the endpoint, with its shares, labelled', async () => {
    const body = await api<Body>(server, API);
    const shown = sortByTag(await cells(view.page));
    assert.deepEqual(
      shown.map((c) => [c.tag, c.share]),
      sortByTag(body.data.classifications).map((c) => [c.tag, c.usage_share]),
    );
    for (const c of shown) assert.match(c.label, /\d+\.\d% of requests/);
    // Areas follow the shares (inner padding takes a little from each cell).
    const total = shown.reduce((s, c) => s + c.area, 0);
    for (const c of shown) assert.ok(Math.abs(c.area / total - c.share) < 0.03, `${c.tag}: area ${c.area / total} vs share ${c.share}`);
    const facts = await view.page.textContent('#facts');
    assert.match(facts!, new RegExp(`As of ${body.data.as_of}`));
    assert.match(facts!, /sample rate 100%/);
    assert.equal(
      await view.page.textContent('#citation'),
      `Source: Acme <Labs> (${new URL(server.url).host}/rankings), as of ${body.data.as_of}.`,
    );
  });

  it("selecting a task (click or keyboard) lists the endpoint's models with their shares", async () => {
    const body = await api<Body>(server, API);
    for (const task of body.data.classifications.slice(0, 3)) {
      await view.page.click(`#treemap button[data-tag="${task.tag}"]`);
      await view.page.waitForSelector(`#treemap button[data-tag="${task.tag}"][aria-pressed="true"]`);
      const models = await view.page.$$eval('#detail li[data-model]', (els) =>
        els.map((e) => [
          (e as HTMLElement).dataset.model,
          Number((e as HTMLElement).dataset.usage),
          Number((e as HTMLElement).dataset.token),
        ]),
      );
      assert.deepEqual(
        models,
        task.models.map((m) => [m.id, m.tag_usage_share, m.tag_token_share]),
      );
      assert.match((await view.page.textContent('#detail'))!, /pp in share of requests against the previous window/);
      assert.ok(new URL(view.page.url()).searchParams.get('task') === task.tag, 'the selection is in the URL');
    }
    // Keyboard: an arrow key moves to the next cell, Enter selects it.
    await view.page.focus('#treemap button.cell');
    await view.page.keyboard.press('ArrowRight');
    const focused = await view.page.evaluate(() => (document.activeElement as HTMLElement).dataset.tag);
    await view.page.keyboard.press('Enter');
    await view.page.waitForSelector(`#treemap button[data-tag="${focused}"][aria-pressed="true"]`);
  });

  it('the token toggle resizes the cells to the token shares', async () => {
    const body = await api<Body>(server, API);
    const before = new Map((await cells(view.page)).map((c) => [c.tag, c.area]));
    await view.page.click('button[data-metric="token"]');
    await view.page.waitForSelector('#treemap[data-metric="token"]');
    const shown = sortByTag(await cells(view.page));
    assert.deepEqual(
      shown.map((c) => [c.tag, c.share]),
      sortByTag(body.data.classifications).map((c) => [c.tag, c.token_share]),
    );
    const translation = shown.find((c) => c.tag === 'translation')!;
    assert.ok(translation.area > 2 * before.get('translation')!, 'long requests take more room by tokens');
    assert.equal(await view.page.isHidden('button[data-metric="spend"]'), true, 'no spend toggle without cost data');
    await view.page.click('button[data-metric="usage"]');
    await view.page.waitForSelector('#treemap[data-metric="usage"]');
  });

  it("the window control shows the API's numbers for that window, and keeps it in the URL", async () => {
    await view.page.click('button[data-window="28d"]');
    await view.page.waitForFunction(() => document.getElementById('facts')!.textContent!.includes('28-day window'));
    const body = await api<Body>(server, `${API}?window=28d`);
    assert.deepEqual(
      sortByTag(await cells(view.page)).map((c) => [c.tag, c.share]),
      sortByTag(body.data.classifications).map((c) => [c.tag, c.usage_share]),
    );
    assert.equal(new URL(view.page.url()).searchParams.get('window'), '28d');
    const table = await view.page.$$eval('#table tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.tag));
    assert.equal(table.length, body.data.classifications.length);
    // A shared link opens on the same view.
    const again = await browser.open(view.page.url());
    await again.page.waitForFunction(() => document.getElementById('facts')!.textContent!.includes('28-day window'));
    assert.deepEqual(again.consoleErrors, []);
    await again.context.close();
    await view.page.click('button[data-window="7d"]');
    await view.page.waitForFunction(() => document.getElementById('facts')!.textContent!.includes('7-day window'));
  });

  it("the history chart has the history endpoint's points", async () => {
    const asOf = (await api<Body>(server, API)).data.as_of;
    const from = new Date(Date.parse(`${asOf}T00:00:00Z`) - 77 * DAY).toISOString().slice(0, 10);
    const body = await api<History>(server, `${API}/history?window=7d&step=7d&from=${from}&to=${asOf}`);
    assert.equal(body.data.points.length, 12);
    const shown = await view.page.$$eval('#history rect.point', (els) =>
      els.map((e) => ({
        asOf: e.getAttribute('data-as-of'),
        shares: JSON.parse(e.getAttribute('data-shares')!) as Record<string, number>,
        label: e.getAttribute('aria-label'),
      })),
    );
    assert.deepEqual(
      shown.map((p) => p.asOf),
      body.data.points.map((p) => p.as_of),
    );
    shown.forEach((p, i) => {
      for (const m of body.data.points[i]!.macro_categories) assert.equal(p.shares[m.key], m.usage_share);
      assert.ok(p.label && p.label.length > 10);
    });
    assert.equal(await view.page.locator('#history path.area').count(), 4, 'one area per macro category');
  });

  it("the table sorts, and its CSV download is the API's CSV", async () => {
    await view.page.click('#table button[data-sort="name"]');
    const names = await view.page.$$eval('#table tbody tr td:first-child', (tds) => tds.map((t) => t.textContent!));
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b)),
    );
    const [download] = await Promise.all([view.page.waitForEvent('download'), view.page.click('#csv')]);
    const file = await download.path();
    const expected = await (await server.get(`${API}?window=7d&format=csv`)).text();
    assert.equal(readFileSync(file, 'utf8'), expected);
  });

  it('screenshots: light, dark and phone width, readable without horizontal scrolling', async () => {
    await view.page.screenshot({ path: join(OUT, 'rankings-light.png'), fullPage: true });
    for (const [name, options] of [
      ['rankings-dark.png', { colorScheme: 'dark' as const, viewport: { width: 1280, height: 1000 } }],
      ['rankings-phone.png', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
    ] as const) {
      const other = await browser.open(`${server.url}/rankings`, options);
      await other.page.waitForSelector('#treemap button.cell');
      await other.page.waitForSelector('#history rect.point');
      const overflow = await other.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
      await other.page.screenshot({ path: join(OUT, name), fullPage: true });
      assert.deepEqual(other.consoleErrors, []);
      await other.context.close();
    }
  });

  it("no request left the server's origin, and the console stayed clean", () => {
    const origin = new URL(server.url).origin;
    const foreign = view.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert.deepEqual(foreign, []);
    assert.ok(view.requests.some((u) => u.includes('/api/v1/taskshare/classifications/history')));
    assert.deepEqual(view.consoleErrors, []);
  });
});

describe('the rankings page in bad states', { skip }, () => {
  let browser: TestBrowser;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchBrowser();
  });
  after(() => browser?.close());

  it('one task with a hundred models, some with very long ids; then the server gone', async () => {
    const server = await startTestServer({ ...LIMITS, topModels: 100 });
    try {
      const long = (i: number) => (i % 10 === 0 ? `vendor-${i}/${'very-long-model-name-'.repeat(11)}${i}` : `vendor-${i}/model-${i}`);
      await ingest(
        server,
        Array.from({ length: 100 }, (_, i) => taggedEvent(`m${i}`, { tag: 'code:debugging', model: long(i), timestamp: at(1 + (i % 5)) })),
      );
      const view = await browser.open(`${server.url}/`, { viewport: { width: 390, height: 844 }, isMobile: true });
      await view.page.waitForSelector('#detail li[data-model]');
      assert.equal((await cells(view.page)).length, 1);
      assert.equal(await view.page.locator('#detail li[data-model]').count(), 100);
      const overflow = await view.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${overflow}px wider than the screen`);
      await view.page.screenshot({ path: join(OUT, 'rankings-hundred-models.png') });
      assert.deepEqual(view.consoleErrors, []);

      await server.stop();
      await view.page.click('button[data-window="28d"]');
      await view.page.waitForFunction(() => document.getElementById('status')!.textContent!.includes('not answering'));
      assert.equal((await cells(view.page)).length, 1, 'what was shown stays');
      assert.deepEqual(onlyNetworkErrors(view.consoleErrors), []);
      await view.context.close();
    } finally {
      await server.stop();
    }
  });

  it('a key is asked for when the rankings are not public; a wrong or revoked key says so; no data says how to ingest', async () => {
    const server = await startTestServer({ ...LIMITS, publicRankings: 'false' });
    try {
      assert.equal((await fetch(`${server.url}${API}`)).status, 401, 'not public: the API wants a key');
      const view = await browser.open(`${server.url}/`);
      await view.page.waitForSelector('#key-form:not([hidden])');
      assert.match((await view.page.textContent('#key-message'))!, /needs a read key/);
      assert.equal(view.requests.filter((u) => u.includes('/api/')).length, 0, 'no request before there is a key');

      await view.page.fill('#key-input', 'ts_wrong_key_000000000000000000000000');
      await view.page.click('#key-form button[type="submit"]');
      await view.page.waitForFunction(() => document.getElementById('key-message')!.textContent!.includes('refused'));

      const res = await fetch(`${server.url}/api/v1/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ account: 'viewer', scopes: ['read'] }),
      });
      const { data } = (await res.json()) as { data: { id: string; key: string } };
      await view.page.fill('#key-input', data.key);
      await view.page.click('#key-form button[type="submit"]');
      await view.page.waitForFunction(() => document.getElementById('treemap')!.textContent!.includes('No data yet'));
      assert.match((await view.page.textContent('#treemap'))!, /No data yet[\s\S]*taskshare ingest/);
      assert.equal(await view.page.evaluate(() => sessionStorage.getItem('taskshare.readKey')), data.key);
      assert.equal(await view.page.evaluate(() => localStorage.length), 0, 'never kept beyond the tab');
      await view.page.screenshot({ path: join(OUT, 'rankings-empty.png') });

      const revoked = await fetch(`${server.url}/api/v1/admin/keys/${data.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${server.adminKey}` },
      });
      assert.equal(revoked.status, 200);
      // The server remembers a valid key for a while (TASKSHARE_KEY_CACHE_MS); this server's cache was not told.
      await view.page.click('button[data-window="28d"]');
      await view.page
        .waitForFunction(
          () =>
            /refused|needs a read key/.test(document.getElementById('key-message')!.textContent!) &&
            !document.getElementById('key-form')!.hidden,
          undefined,
          { timeout: 60_000, polling: 500 },
        )
        .catch(async () => {
          // Still cached: ask again until the server refuses it (each click is one request).
          for (let i = 0; i < 60 && (await view.page.isHidden('#key-form')); i += 1) {
            await view.page.click('button[data-window="7d"]');
            await view.page.waitForTimeout(1000);
          }
        });
      assert.match((await view.page.textContent('#key-message'))!, /refused.*revoked/);
      assert.equal(await view.page.evaluate(() => sessionStorage.getItem('taskshare.readKey')), null);
      assert.deepEqual(onlyNetworkErrors(view.consoleErrors), []);
      await view.context.close();
    } finally {
      await server.stop();
    }
  });
});

describe('the rankings page with apps and cost data', { skip }, () => {
  let browser: TestBrowser;
  let server: TestServer;
  before(async () => {
    server = await startTestServer(LIMITS);
    // Two apps; cost concentrated in math, so sizing by spend visibly changes the treemap.
    const events = [
      ...['ide', 'chat'].flatMap((app) =>
        [0, 1, 2, 3, 4, 5].map((i) =>
          taggedEvent(`${app}-d${i}`, {
            app,
            tag: app === 'ide' ? 'code:debugging' : 'translation',
            timestamp: at(1 + (i % 5)),
            usage: { prompt_tokens: 100, completion_tokens: 20, cost: 0.001 },
          }),
        ),
      ),
      ...[0, 1].map((i) =>
        taggedEvent(`chat-m${i}`, {
          app: 'chat',
          tag: 'math',
          timestamp: at(2),
          usage: { prompt_tokens: 100, completion_tokens: 20, cost: 0.5 },
        }),
      ),
    ];
    await ingest(server, events);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the spend toggle sizes the cells by spend share; the app filter shows the API's numbers for that app, in the URL", async () => {
    const view = await browser.open(`${server.url}/`, { viewport: { width: 1280, height: 1000 } });
    await view.page.waitForSelector('#treemap button.cell');
    const all = await api<{ data: { classifications: Array<Item & { spend_share: number }> } }>(server, API);
    await view.page.click('button[data-metric="spend"]');
    await view.page.waitForSelector('#treemap[data-metric="spend"]');
    const bySpend = sortByTag(await cells(view.page));
    assert.deepEqual(
      bySpend.map((c) => [c.tag, c.share]),
      sortByTag(all.data.classifications).map((c) => [c.tag, c.spend_share]),
    );
    const total = bySpend.reduce((s, c) => s + c.area, 0);
    assert.ok(bySpend.find((c) => c.tag === 'math')!.area / total > 0.9, 'math holds nearly all the spend');

    const options = await view.page.$$eval('#app option', (els) => els.map((e) => (e as HTMLOptionElement).value));
    assert.deepEqual(options, ['', 'chat', 'ide']);
    await view.page.selectOption('#app', 'chat');
    await view.page.waitForFunction(() => new URL(location.href).searchParams.get('app') === 'chat');
    const chat = await api<Body>(server, `${API}?app=chat`);
    await view.page.waitForFunction(
      (n) => document.querySelectorAll('#treemap button.cell').length === n,
      chat.data.classifications.length,
    );
    assert.deepEqual(
      sortByTag(await cells(view.page)).map((c) => c.tag),
      sortByTag(chat.data.classifications).map((c) => c.tag),
    );
    const [download] = await Promise.all([view.page.waitForEvent('download'), view.page.click('#csv')]);
    assert.equal(readFileSync(await download.path(), 'utf8'), await (await server.get(`${API}?window=7d&app=chat&format=csv`)).text());
    assert.deepEqual(view.consoleErrors, []);
    await view.context.close();
  });
});

it('the whole page is under 200 KB gzipped', async () => {
  const server = await startTestServer(LIMITS);
  try {
    const html = await (await server.get('/', { 'accept-encoding': 'identity' })).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!);
    assert.ok(assets.length >= 2, `the page links its script and style: ${assets.join(', ')}`);
    let bytes = gzipSync(html).length;
    for (const path of assets) {
      const res = await server.get(path, { 'accept-encoding': 'identity' });
      assert.equal(res.status, 200, path);
      bytes += gzipSync(Buffer.from(await res.arrayBuffer())).length;
    }
    assert.ok(bytes < 200 * 1024, `${bytes} bytes gzipped`);
  } finally {
    await server.stop();
  }
});
