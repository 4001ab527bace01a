/**
 * Starts one pool worker. From dist/ the entry is plain JavaScript; from src/ (tsx: tests, `npm run
 * dev`, a dist/ older than src/) it is TypeScript, so the worker first registers tsx's loader itself:
 * a loader registered on the main thread is not inherited by workers on every supported Node.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './protocol.ts';

const fromSource = import.meta.url.endsWith('.ts');
const entry = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);

export function spawnWorker(init: WorkerInit): Worker {
  if (!fromSource) return new Worker(entry, { workerData: init });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${tsx}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: init });
}
