/**
 * Deterministic sampling: whether a request is sampled depends only on its id, so a retried batch, a
 * second server or a re-run of the same file all make the same choice.
 */
import { createHash } from 'node:crypto';

export function isSampled(id: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  const bucket = createHash('sha256').update(id).digest().readUInt32BE(0);
  return bucket / 0x1_0000_0000 < rate;
}
