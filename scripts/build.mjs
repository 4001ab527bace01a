#!/usr/bin/env node
/**
 * `npm run build` (also run by `npm install`): compiles src/ to dist/ with tsc and copies src's data
 * files beside the output, so the CLI and the server start as plain JavaScript, without tsx's loader
 * (a second V8 isolate: ~30 MB and a slower start). bin/taskshare.mjs runs dist/ only while it is as new
 * as src/, and src/ through tsx otherwise, so an edit never runs stale code. The rankings page (web/)
 * is built first, into dist-web/ (scripts/build-web.mjs).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestChange } from './source-stamp.mjs';
import { buildWeb } from './build-web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

// The rankings page first: it needs only esbuild (a dependency), so an install without
// devDependencies still serves it.
await buildWeb();

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies: the CLI runs src/ through tsx instead.
  console.warn('taskshare build: typescript is not installed; the CLI will run src/ through tsx');
  process.exit(0);
}

const sourceStamp = newestChange(src); // before compiling: an edit made meanwhile leaves dist stale
rmSync(dist, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

(function copyData(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyData(path);
    else if (!entry.name.endsWith('.ts')) {
      const target = join(dist, relative(src, path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
    }
  }
})(src);
writeFileSync(join(dist, '.source-stamp'), `${sourceStamp}\n`);
