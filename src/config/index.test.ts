import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, describeConfig, loadConfig, SETTINGS, settingChoices, settingDefault, unknownVariables } from './index.ts';
import { editDistance } from './variables.ts';

describe('loadConfig', () => {
  it('defaults, then environment, then flags', () => {
    assert.equal(loadConfig({}).port, 8080);
    assert.equal(loadConfig({ PORT: '9000' }).port, 9000);
    assert.equal(loadConfig({ PORT: '9000' }, { port: '9100' }).port, 9100);
    assert.equal(loadConfig({ TASKSHARE_BANNER: 'false' }).banner, false);
    assert.equal(loadConfig({ TASKSHARE_SAMPLE_RATE: '0.25' }).sampleRate, 0.25);
    assert.equal(loadConfig({ PORT: '' }).port, 8080, 'an empty variable means the default');
  });

  it('names the setting and what it accepts, for every bad value at once', () => {
    assert.throws(
      () => loadConfig({ PORT: '70000', TASKSHARE_LLM_MODE: 'maybe', TASKSHARE_SAMPLE_RATE: '2' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /PORT \(--port\) is invalid/);
        assert.match(err.message, /TASKSHARE_LLM_MODE \(--llm-mode\) is invalid: one of "off", "low-confidence", "all"; got "maybe"/);
        assert.match(err.message, /TASKSHARE_SAMPLE_RATE \(--sample-rate\) is invalid/);
        return true;
      },
    );
    assert.throws(() => loadConfig({ TASKSHARE_STORE: 'postgres' }), /TASKSHARE_DATABASE_URL .* is required/);
    // A database URL alone is enough to mean PostgreSQL; an explicit --store must not contradict it.
    assert.equal(loadConfig({ TASKSHARE_DATABASE_URL: 'postgres://h/db' }).store, 'postgres');
    assert.equal(loadConfig({}).store, 'duckdb');
    assert.equal(loadConfig({ TASKSHARE_DATABASE_URL: 'postgres://h/db' }, { store: 'postgres' }).store, 'postgres');
    assert.throws(
      () => loadConfig({ TASKSHARE_DATABASE_URL: 'postgres://h/db' }, { store: 'duckdb' }),
      /^ConfigError: TASKSHARE_STORE \(--store\) is "duckdb" but TASKSHARE_DATABASE_URL \(--database-url\) is set: [^\n]*$/,
    );
  });

  it('an LLM mode without an LLM URL is a contradiction, in one line', () => {
    for (const mode of ['low-confidence', 'all']) {
      assert.throws(
        () => loadConfig({ TASKSHARE_LLM_MODE: mode }),
        new RegExp(
          `^ConfigError: TASKSHARE_LLM_MODE \\(--llm-mode\\) is "${mode}" but TASKSHARE_LLM_URL \\(--llm-url\\) is not set: [^\\n]*$`,
        ),
      );
    }
    assert.equal(loadConfig({ TASKSHARE_LLM_MODE: 'all', TASKSHARE_LLM_URL: 'http://127.0.0.1:8000/v1' }).llmMode, 'all');
    assert.equal(loadConfig({ TASKSHARE_LLM_URL: 'http://127.0.0.1:8000/v1' }).llmMode, 'off', 'a URL alone is fine');
  });

  it("knows each setting's default and, for enums, its choices", () => {
    assert.equal(settingDefault('port'), 8080);
    assert.equal(settingDefault('llmUrl'), '');
    assert.deepEqual(settingChoices('llmMode'), ['off', 'low-confidence', 'all']);
    assert.equal(settingChoices('port'), undefined);
    assert.equal(settingChoices('classifierWorkers'), undefined, 'a union is not a fixed list');
  });

  it('masks secrets when described, and never shows a bad secret', () => {
    const rows = describeConfig(
      loadConfig({ TASKSHARE_LLM_KEY: 'sk-1', TASKSHARE_DATABASE_URL: 'postgres://u:pw@h/db', TASKSHARE_STORE: 'postgres' }),
    );
    assert.equal(rows.find((r) => r.env === 'TASKSHARE_LLM_KEY')?.value, '****');
    assert.equal(rows.find((r) => r.env === 'TASKSHARE_DATABASE_URL')?.value, '****');
    assert.equal(rows.length, Object.keys(SETTINGS).length);
  });

  it('every setting has a distinct variable and flag', () => {
    const all = Object.values(SETTINGS);
    assert.equal(new Set(all.map((s) => s.env)).size, all.length);
    assert.equal(new Set(all.map((s) => s.flag)).size, all.length);
  });
});

describe('unknownVariables', () => {
  it('names each TASKSHARE_ variable that is neither a setting nor one the CLI, scripts or tests read, with the closest', () => {
    const env = {
      TASKSHARE_SAMPLERATE: '0.5',
      TASKSHARE_PORT: '9000',
      TASKSHARE_LLM_MOD: 'all',
      TASKSHARE_SNAPSHOT: '500',
      TASKSHARE_REDIS: 'redis://x',
      TASKSHARE_SAMPLE_RATE: '0.5',
      TASKSHARE_URL: 'http://x',
      TASKSHARE_TEST_DATABASE_URL: 'postgres://x',
      PORT: '1',
      OTHER_THING: 'x',
    };
    assert.deepEqual(unknownVariables(env), [
      { name: 'TASKSHARE_LLM_MOD', closest: 'TASKSHARE_LLM_MODE' },
      { name: 'TASKSHARE_PORT', closest: 'PORT' },
      { name: 'TASKSHARE_REDIS', closest: 'TASKSHARE_REDIS_URL' },
      { name: 'TASKSHARE_SAMPLERATE', closest: 'TASKSHARE_SAMPLE_RATE' },
      { name: 'TASKSHARE_SNAPSHOT', closest: 'TASKSHARE_SNAPSHOT_CHECK_MS' },
    ]);
  });

  it('measures spelling by edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });
});

it('the configuration reference documents every setting', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  const missing = Object.values(SETTINGS).filter((s) => !readme.includes(`\`${s.env}\``));
  assert.deepEqual(
    missing.map((s) => s.env),
    [],
  );
});
