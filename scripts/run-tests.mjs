#!/usr/bin/env node
// Finds every *.test.ts under src/ and test/ and runs them with node's own test runner (Node 20 has no
// glob support in --test). Extra arguments are passed on, e.g. `npm test -- --test-name-pattern=shares`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const files = only.length > 0 ? only : ['src', 'test'].flatMap((d) => find(d)).sort();
const result = spawnSync(
  process.execPath,
  // A hung test fails after 3 minutes instead of holding CI, and a leaked handle cannot keep it open.
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=180000', '--test-force-exit', ...flags, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
