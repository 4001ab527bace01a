#!/usr/bin/env node
/**
 * `npm run build` (also run by `npm install` in a checkout, through `prepare`, and by `npm pack`):
 * compiles src/ to dist/ with tsc and copies src's data files beside the output, so the CLI and the
 * server run as plain JavaScript (bin/taskshare.mjs runs dist/ only). The rankings page (web/) is
 * built first, into dist-web/ (scripts/build-web.mjs), then the SDK (packages/sdk), which the CLI and
 * the proxy import as @taskshare/sdk.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSdk } from '../packages/sdk/build.mjs';
import { buildWeb } from './build-web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

// The rankings page first: it needs only esbuild (a dependency), so an install without
// devDependencies still serves it.
await buildWeb();
// esbuild alone makes the SDK's JavaScript, so dist/ runs in an install without devDependencies too.
await buildSdk();

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // `npm ci --omit=dev` in a checkout: no compiler. Say so without failing the install; bin/ says it again.
  console.warn(
    'taskshare build: skipped, typescript (a devDependency) is not installed; `npm ci` then `npm prune --omit=dev` builds a ' +
      'production install',
  );
  process.exit(0);
}

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
