/**
 * Whether a transcript holds anything to classify: a letter or a digit outside the markers that stand
 * for images and other non-text parts, or a tool. A request of only whitespace, punctuation or images
 * is `other` (nothing says what task it is) rather than whatever the model makes of its markers.
 */
import type { Transcript } from './transcript.ts';

/** `[image_url]`-style markers parse.ts puts in place of parts without text. */
const MARKER = /\[[a-z_]+\]/g;
const WORD = /[\p{L}\p{N}]/u;

export function readable(t: Transcript): boolean {
  if (t.signals.toolsOffered.length > 0 || t.signals.toolCalls.length > 0) return true;
  return t.segments.some((s) => WORD.test(s.text.includes('[') ? s.text.replace(MARKER, '') : s.text));
}
