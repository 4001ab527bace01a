/** docs/configuration.md is generated from the settings registry: it must match what the code accepts. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONFIG_REFERENCE_PATH, renderConfigReference } from '../scripts/config-reference.ts';
import { SETTINGS } from '../src/config/settings.ts';

test('docs/configuration.md is current (else run `npm run docs:config`)', () => {
  assert.equal(readFileSync(CONFIG_REFERENCE_PATH, 'utf8'), renderConfigReference());
});

test('the reference lists every setting with its default', () => {
  const text = renderConfigReference();
  for (const s of Object.values(SETTINGS)) assert.match(text, new RegExp(`\\| \`${s.env}\` \\| \`--${s.flag}\` \\| `));
  assert.match(text, /\| `PORT` \| `--port` \| `8080` \|/);
  assert.match(text, /\| `TASKSHARE_DATABASE_URL` \| `--database-url` \| \(empty\) \|/);
});
