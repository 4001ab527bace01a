#!/usr/bin/env node
/**
 * Builds the rankings page (web/) into dist-web/: one script and one stylesheet bundled by esbuild,
 * named by their content hash (served as immutable), and index.html pointing at them. Run by
 * scripts/build.mjs, so `npm install` builds the page like the server; `npm run build:web` alone.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const out = join(root, 'dist-web');

export async function buildWeb() {
  const result = await build({
    entryPoints: [join(web, 'src', 'main.ts'), join(web, 'src', 'style.css')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    write: false,
    outdir: out,
    legalComments: 'none',
    logLevel: 'warning',
  });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  const names = {};
  for (const file of result.outputFiles) {
    const ext = file.path.endsWith('.css') ? 'css' : 'js';
    const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 12);
    names[ext] = `${ext === 'css' ? 'style' : 'app'}-${hash}.${ext}`;
    writeFileSync(join(out, 'assets', names[ext]), file.contents);
  }
  const html = readFileSync(join(web, 'index.html'), 'utf8').replace('__CSS__', names.css).replace('__JS__', names.js);
  writeFileSync(join(out, 'index.html'), html);
  return names;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWeb();
}
