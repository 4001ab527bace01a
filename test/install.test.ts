/**
 * What a user installs runs the compiled dist/: a production install from a clean clone of HEAD starts
 * and answers /readyz, a clone installed without devDependencies says in one line how to build, and the
 * `npm pack` tarball installs into an empty folder and runs. Slow (npm installs, two builds): it runs
 * under CI=true or TASKSHARE_TEST_INSTALL=1 and skips with one line otherwise. Packages come from
 * npm's cache when it has them.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, stop, waitFor } from '../bench/util.ts';

const enabled = process.env.CI === 'true' || process.env.TASKSHARE_TEST_INSTALL === '1';
const skip = enabled ? false : 'skipped: slow (npm installs of a clean clone); set TASKSHARE_TEST_INSTALL=1 to run it (CI=true runs it)';
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', npm_config_update_notifier: 'false' } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
function ok(cmd: string, args: string[], cwd: string): string {
  const r = run(cmd, args, cwd);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

describe('installs', { skip }, () => {
  let dir: string;
  let clone: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'taskshare-install-'));
    clone = join(dir, 'clone');
    ok('git', ['clone', '--quiet', process.cwd(), clone], dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('without devDependencies a clone has no build, and the bin says what to run', () => {
    ok('npm', ['ci', '--omit=dev', ...NPM_FLAGS], clone);
    assert.equal(existsSync(join(clone, 'dist')), false);
    const r = run(process.execPath, ['bin/taskshare.mjs', '--version'], clone);
    assert.equal(r.status, 1);
    assert.equal(r.out.trim().split('\n').length, 1, r.out);
    assert.match(r.out, /^taskshare: no compiled build in dist\/: run `npm run build`/);
  });

  it('a production install (npm ci, npm prune --omit=dev) runs dist/ and answers /readyz', async () => {
    ok('npm', ['ci', ...NPM_FLAGS], clone);
    assert.ok(existsSync(join(clone, 'dist', 'cli', 'main.js')), 'prepare built dist/');
    ok('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], clone); // for the next test, while the compiler is there
    ok('npm', ['prune', '--omit=dev', ...NPM_FLAGS], clone);
    for (const dev of ['typescript', 'tsx']) assert.equal(existsSync(join(clone, 'node_modules', dev)), false, `${dev} pruned`);

    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['bin/taskshare.mjs', 'serve', '--port', String(port), '--data', join(dir, 'data'), '--no-demo', '--no-banner'],
      { cwd: clone, stdio: 'ignore' },
    );
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(res.status, 200);
    } finally {
      await stop(child);
    }
  });

  it('the npm pack tarball installs into an empty folder and `npx taskshare --version` runs', () => {
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    ok('npm', ['install', ...NPM_FLAGS, join(dir, tarball)], empty);
    const installed = join(empty, 'node_modules', 'taskshare');
    assert.ok(existsSync(join(installed, 'dist', 'cli', 'main.js')), 'the tarball ships dist/');
    assert.equal(existsSync(join(installed, 'src')), false, 'and not src/');
    const version = ok('npx', ['--offline', 'taskshare', '--version'], empty);
    assert.equal(
      version.trim(),
      (JSON.parse(ok('node', ['-p', 'JSON.stringify(require("./package.json"))'], process.cwd())) as { version: string }).version,
    );
  });
});
