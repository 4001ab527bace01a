#!/usr/bin/env node
// Runs the compiled CLI in dist/ when it is up to date with src/ (`npm install` builds it), and the
// TypeScript sources through tsx's loader otherwise, so a fresh edit runs without a build step.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { newestChange } from '../scripts/source-stamp.mjs';

function distIsCurrent() {
  try {
    const built = Number(readFileSync(new URL('../dist/.source-stamp', import.meta.url), 'utf8'));
    return built >= newestChange(fileURLToPath(new URL('../src', import.meta.url)));
  } catch {
    return false;
  }
}

if (process.env.TASKSHARE_FROM_SOURCE !== '1' && distIsCurrent()) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
