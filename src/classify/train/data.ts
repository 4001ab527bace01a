/**
 * Reading the labeled rows of `../shared/data`. Rows are never copied into the repository: only the
 * weights derived from them are committed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Row {
  id: string;
  source: string;
  tag: string;
  request: Record<string, unknown>;
}

/** `TASKSHARE_DATA_PATH`, else `../shared/data` next to the repository root. */
export function defaultDataPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TASKSHARE_DATA_PATH) return resolve(env.TASKSHARE_DATA_PATH);
  return resolve(fileURLToPath(new URL('../../../', import.meta.url)), '../shared/data');
}

/**
 * Why `dataPath` cannot be trained or evaluated on (one line: where the data was looked for and how to
 * point elsewhere), or undefined when its `train/` folder is there.
 */
export function missingDataReason(dataPath: string): string | undefined {
  if (existsSync(join(dataPath, 'train'))) return undefined;
  return (
    `taskshare: no labeled data at ${dataPath} (expected ${join(dataPath, 'train')}/*.jsonl, as in ../shared/data beside the ` +
    `repository); point TASKSHARE_DATA_PATH or --data at the folder that holds train/`
  );
}

/** Every row of every `*.jsonl` in `dir`, files in name order (so the order is deterministic). */
export function loadRows(dir: string): Row[] {
  const rows: Row[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const r = JSON.parse(line) as Row;
      rows.push({ id: r.id, source: r.source, tag: r.tag, request: r.request });
    }
  }
  return rows;
}

/** FNV-1a of a row id, in [0, 1): the hash split (stable across machines and runs). */
export function idFraction(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}
