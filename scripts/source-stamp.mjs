/** When the compiled dist/ may run: scripts/build.mjs stamps it with the sources' newest change. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The latest modification time (ms) of a directory tree: its files and its folders (an added or removed file changes its folder). */
export function newestChange(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when `<root>/dist` was built from sources at least as new as every file now in `<root>/src`. */
export function distIsCurrent(root) {
  try {
    return Number(readFileSync(join(root, 'dist', '.source-stamp'), 'utf8')) >= newestChange(join(root, 'src'));
  } catch {
    return false;
  }
}
