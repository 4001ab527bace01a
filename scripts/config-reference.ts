/**
 * docs/configuration.md, generated from the settings registry (src/config/settings.ts) so the reference
 * cannot drift from what the server accepts. `npm run docs:config` writes it; a test checks it is current.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '../src/config/settings.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function defaultOf(schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }): string {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success) return '(required)';
  const v = parsed.data;
  return v === '' ? '(empty)' : `\`${String(v)}\``;
}

export function renderConfigReference(): string {
  const rows = Object.values(SETTINGS).map(
    (s) =>
      `| \`${s.env}\` | \`--${s.flag}\` | ${defaultOf(s.schema)} | ` +
      `${cell(s.description)}${s.secret ? ' (masked by `taskshare config`)' : ''} |`,
  );
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/settings.ts by `npm run docs:config`; edit the settings, not this file. -->',
    '',
    'Every setting is an environment variable and a `taskshare serve` flag (the flag wins), validated once',
    'at start: a bad value stops the start with one line naming the setting and what it accepts.',
    '`taskshare config` prints the effective values, secrets masked.',
    '',
    '| variable | flag | default | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export const CONFIG_REFERENCE_PATH = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CONFIG_REFERENCE_PATH, renderConfigReference());
  console.log(`wrote ${CONFIG_REFERENCE_PATH}`);
}
