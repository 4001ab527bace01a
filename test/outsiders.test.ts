/**
 * What someone without this machine's services or data meets: suites that need PostgreSQL or Redis skip
 * with one line saying what to start (outside CI), and `npm run train` / `npm run eval` without the
 * labeled data stop with one line saying where it was looked for and how to point elsewhere.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

function run(args: string[], env: Record<string, string>) {
  const { NODE_TEST_CONTEXT: _, ...outer } = process.env; // else the inner test runner reports to this one
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...outer, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('without the data or the services', () => {
  for (const script of ['scripts/train.ts', 'scripts/eval.ts']) {
    it(`${script} without the labeled data stops with one line`, () => {
      const r = run(['--import', 'tsx', script], { TASKSHARE_DATA_PATH: '/nonexistent/taskshare-data' });
      assert.equal(r.status, 1);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(
        lines[0]!,
        /^taskshare: no labeled data at \/nonexistent\/taskshare-data \(expected .*train\/\*\.jsonl.*TASKSHARE_DATA_PATH or --data/,
      );
    });
  }

  it('outside CI a suite whose services are down is skipped with one line naming what to start', () => {
    const r = run(['scripts/run-tests.mjs', 'test/postgres-server.test.ts', 'test/operations.test.ts', 'src/shares/window.test.ts'], {
      CI: '',
      TASKSHARE_TEST_DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/x',
      TASKSHARE_TEST_REDIS_URL: 'redis://127.0.0.1:1',
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const lines = r.stdout.split('\n');
    const pgLine =
      'skipped test/postgres-server.test.ts: needs PostgreSQL at postgres://127.0.0.1:1/x ' +
      '(start it, or point TASKSHARE_TEST_DATABASE_URL at one)';
    assert.ok(lines.includes(pgLine), r.stdout);
    const redisLine =
      'skipped test/operations.test.ts: needs Redis at redis://127.0.0.1:1 (start it, or point TASKSHARE_TEST_REDIS_URL at one)';
    assert.ok(lines.includes(redisLine), r.stdout);
    assert.doesNotMatch(r.stdout, /secret/, 'the password is not printed');
    assert.match(r.stdout, /^# pass [1-9]/m, 'the rest still ran');
  });
});
