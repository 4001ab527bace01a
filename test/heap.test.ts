/**
 * TASKSHARE_LEAN_HEAP: the flags it sets must change how V8 sizes the heap. Each case runs in its own
 * process, since V8 flags are process-wide.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

/** The young generation's size (MB) after allocating with many survivors, under a lean-heap level. */
function youngGenerationMB(level: string, nodeOptions = ''): number {
  const script = `
    import v8 from 'node:v8';
    import { applyLeanHeap } from './src/util/heap.ts';
    applyLeanHeap(${JSON.stringify(level)});
    let kept = [];
    for (let r = 0; r < 200; r++) { const batch = []; for (let i = 0; i < 20000; i++) batch.push({ i, s: 'x' + i }); kept = batch; }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    console.log(space.space_size / 1048576, kept.length);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
  });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim().split(' ')[0]);
}

test('max holds the young generation small; on and off let V8 grow it; heap flags given to node win', () => {
  const max = youngGenerationMB('max');
  assert.ok(max <= 4, `max: ${max} MB`);
  // V8 grows the young generation more slowly on a busy machine (seen: 16 MB instead of 32 after 60
  // rounds), hence 200 rounds and a 4x margin.
  assert.ok(youngGenerationMB('on') >= 4 * max, 'on leaves the young generation to V8');
  assert.ok(youngGenerationMB('off') >= 4 * max, 'off leaves it to V8');
  assert.ok(youngGenerationMB('max', '--max-semi-space-size=16') >= 4 * max, 'a heap flag in NODE_OPTIONS wins');
});

test("on and max make DuckDB's allocator hand freed pages back at once; a value the user set wins; off sets nothing", () => {
  const allocatorConf = (level: string, given?: string) => {
    const script = `
      import { applyLeanHeap, DUCKDB_ALLOCATOR_ENV } from './src/util/heap.ts';
      applyLeanHeap(${JSON.stringify(level)});
      console.log(JSON.stringify(process.env[DUCKDB_ALLOCATOR_ENV] ?? null));`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DUCKDB_JE_MALLOC_CONF;
    if (given) env.DUCKDB_JE_MALLOC_CONF = given;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as string | null;
  };
  assert.equal(allocatorConf('on'), 'dirty_decay_ms:0,muzzy_decay_ms:0');
  assert.equal(allocatorConf('max'), 'dirty_decay_ms:0,muzzy_decay_ms:0');
  assert.equal(allocatorConf('off'), null);
  assert.equal(allocatorConf('on', 'dirty_decay_ms:500'), 'dirty_decay_ms:500');
});
