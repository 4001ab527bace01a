import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, describeConfig, loadConfig, SETTINGS } from './index.ts';

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

it('the configuration reference documents every setting', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  const missing = Object.values(SETTINGS).filter((s) => !readme.includes(`\`${s.env}\``));
  assert.deepEqual(
    missing.map((s) => s.env),
    [],
  );
});
