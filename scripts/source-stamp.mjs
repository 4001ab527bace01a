/** The latest modification time (ms) of a directory tree: its files and its folders (an added or removed file changes its folder). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function newestChange(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}
