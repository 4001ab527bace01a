#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm install` in a checkout, shipped in the package tarball).
// Development runs src/ through tsx instead: `npm run dev`, `npm run cli -- ARGS`.
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 10)) {
  process.stderr.write(`taskshare: Node ${process.versions.node} is not supported; use Node 20.10+, 22 or 24\n`);
  process.exit(1);
}
if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  process.stderr.write(
    'taskshare: no compiled build in dist/: run `npm run build` (it needs the devDependencies: `npm ci`, then `npm prune ' +
      '--omit=dev` for a production install)\n',
  );
  process.exit(1);
}
await import('../dist/cli/main.js');
