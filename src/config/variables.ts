/**
 * Every `TASKSHARE_*` variable taskshare reads: the settings, plus those of the CLI, the training
 * scripts and the test suite. Any other is most likely a typo, which would otherwise be silently
 * ignored: it is reported with the closest name.
 *
 * @example
 * unknownVariables({ TASKSHARE_SAMPLERATE: '0.5' });
 * // [{ name: 'TASKSHARE_SAMPLERATE', closest: 'TASKSHARE_SAMPLE_RATE' }]
 */
import { SETTINGS } from './settings.ts';

/** Variables that are not settings, and what reads them. */
export const OTHER_VARIABLES: Record<string, string> = {
  TASKSHARE_URL: 'the CLI: the server it talks to',
  TASKSHARE_ADMIN_KEY: 'the CLI: the admin key (else <data>/admin.key)',
  TASKSHARE_KEY: 'the CLI: the key of `taskshare snapshot`',
  TASKSHARE_INGEST_KEY: 'the CLI: the key of `taskshare ingest` and `taskshare proxy`',
  TASKSHARE_DATA_PATH: 'npm run train / eval: the labeled data',
  TASKSHARE_TEST_DATABASE_URL: 'the tests: PostgreSQL',
  TASKSHARE_TEST_REDIS_URL: 'the tests: Redis',
  TASKSHARE_TEST_INSTALL: 'the tests: the install checks',
  TASKSHARE_FUZZ_SEED: 'the tests: the fuzz seed',
  TASKSHARE_FUZZ_CASES: 'the tests: the fuzz case count',
  TASKSHARE_CHROMIUM: 'the tests: the browser',
};

const KNOWN = [...Object.values(SETTINGS).map((s) => s.env), ...Object.keys(OTHER_VARIABLES)];

/** Levenshtein distance, two rows at a time; the names are short. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

const PREFIX = 'TASKSHARE_';

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export interface UnknownVariable {
  name: string;
  /** The known variable nearest in spelling. */
  closest: string;
}

export function unknownVariables(env: Record<string, string | undefined>): UnknownVariable[] {
  const known = new Set(KNOWN);
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && !known.has(name))
    .sort()
    .map((name) => {
      let closest = KNOWN[0]!;
      let best = Number.POSITIVE_INFINITY;
      for (const candidate of KNOWN) {
        // PORT and HOST have no prefix: TASKSHARE_PORT means PORT.
        const full = candidate.startsWith('TASKSHARE_') ? candidate : `TASKSHARE_${candidate}`;
        // Less the shared beginning past the prefix: a misspelt or shortened name mostly keeps its start,
        // so TASKSHARE_SNAPSHOT means TASKSHARE_SNAPSHOT_CHECK_MS rather than the nearer-in-length PORT.
        const d = editDistance(name, full) - (commonPrefix(name, full) - PREFIX.length);
        if (d < best) [best, closest] = [d, candidate];
      }
      return { name, closest };
    });
}
