/**
 * The compiled build: bin/taskshare.mjs runs dist/ only while it is as new as src/. newestChange is
 * what decides; an edited, added or removed source file must each make the build stale.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { newestChange } from '../scripts/source-stamp.mjs';

test('the source stamp moves with an edited, an added and a removed file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-stamp-'));
  try {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'x.ts'), 'x');
    const old = new Date('2026-01-01T00:00:00Z');
    const setAll = (t: Date) => {
      for (const p of [dir, join(dir, 'a'), join(dir, 'a', 'b'), join(dir, 'a', 'b', 'x.ts')]) utimesSync(p, t, t);
    };
    setAll(old);
    const built = newestChange(dir);
    assert.equal(built, old.getTime());

    utimesSync(join(dir, 'a', 'b', 'x.ts'), new Date('2026-01-02T00:00:00Z'), new Date('2026-01-02T00:00:00Z'));
    assert.ok(newestChange(dir) > built, 'an edit');

    setAll(old);
    writeFileSync(join(dir, 'a', 'b', 'y.ts'), 'y');
    assert.ok(newestChange(dir) > built, 'an added file');

    rmSync(join(dir, 'a', 'b', 'y.ts'));
    setAll(old);
    rmSync(join(dir, 'a', 'b', 'x.ts'));
    assert.ok(newestChange(dir) > built, 'a removed file changes its folder');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
