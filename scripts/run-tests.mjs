#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// Finds every *.test.ts under src/ and test/ and runs them with node's own test runner (Node 20 has no
// glob support in --test). Extra arguments are passed on, e.g. `npm test -- --test-name-pattern=shares`.
//
// A test file that needs PostgreSQL or Redis says so in a line `// test-needs: postgres, redis`. Outside
// CI, a file whose services do not answer is skipped with one line saying what to start; under CI=true
// (.ci/run starts both) every file runs, and a missing service fails its tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const SERVICES = {
  postgres: { env: 'TASKSHARE_TEST_DATABASE_URL', url: 'postgres://postgres@127.0.0.1:5432/test', name: 'PostgreSQL' },
  redis: { env: 'TASKSHARE_TEST_REDIS_URL', url: 'redis://127.0.0.1:6379', name: 'Redis' },
};

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

function answers(url) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const needs = (file) => (/^\/\/ test-needs: (.+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '').split(/,\s*/).filter((s) => s in SERVICES);

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
let files = only.length > 0 ? only : ['src', 'test'].flatMap((d) => find(d)).sort();

if (process.env.CI !== 'true') {
  const down = new Map();
  for (const [key, s] of Object.entries(SERVICES)) {
    const url = process.env[s.env] ?? s.url;
    if (!(await answers(url))) down.set(key, `${s.name} at ${url.replace(/\/\/[^@/]*@/, '//')} (start it, or point ${s.env} at one)`);
  }
  files = files.filter((file) => {
    const missing = needs(file).filter((n) => down.has(n));
    if (missing.length > 0) console.log(`skipped ${file}: needs ${missing.map((n) => down.get(n)).join(' and ')}`);
    return missing.length === 0;
  });
}

const result = spawnSync(
  process.execPath,
  // A hung test fails after 3 minutes instead of holding CI, and a leaked handle cannot keep it open.
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=180000', '--test-force-exit', ...flags, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
