#!/usr/bin/env node
/**
 * Builds dist/: one ES module bundle (esbuild, no dependencies inside it) and, when TypeScript is
 * installed, the .d.ts files. Run by the root build too, so `npm ci` in the repository leaves it usable.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, 'dist');
const require = createRequire(import.meta.url);

export async function buildSdk() {
  const { build } = await import(require.resolve('esbuild'));
  rmSync(dist, { recursive: true, force: true });
  await build({
    entryPoints: [join(here, 'src', 'index.ts')],
    outfile: join(dist, 'index.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral', // Node 20+ and browsers: nothing of Node's is imported
    target: 'es2022',
    // Error classes are told apart by name too (`err.name === 'BadRequestResponseError'`).
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    console.warn('@taskshare/sdk build: no TypeScript installed, so dist/ has no .d.ts files');
    return;
  }
  const r = spawnSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json'), '--noEmit', 'false', '--emitDeclarationOnly'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('@taskshare/sdk build: tsc failed');
  // The sources import './x.ts'; declarations must name what is shipped, './x.js'.
  for (const entry of readdirSync(dist, { recursive: true })) {
    const file = join(dist, String(entry));
    if (!file.endsWith('.d.ts')) continue;
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(from '\.{1,2}\/[^']+)\.ts'/g, "$1.js'"));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildSdk();
