#!/usr/bin/env node
// Runs the compiled CLI in dist/ when it is up to date with src/ (`npm install` builds it), and the
// TypeScript sources through tsx's loader otherwise, so a fresh edit runs without a build step.
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from '../scripts/source-stamp.mjs';

if (process.env.TASKSHARE_FROM_SOURCE !== '1' && distIsCurrent(fileURLToPath(new URL('..', import.meta.url)))) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
