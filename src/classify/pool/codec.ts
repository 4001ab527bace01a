/**
 * Transcripts as two strings for the trip to a worker: a small JSON header (signals, roles, tool names,
 * lengths) and the texts back to back. Cloning a string is a copy of its bytes, while cloning the
 * transcripts' objects cost the ingesting thread about as much as classifying them did. Exact: the
 * worker gets back the same transcripts.
 */
import type { Role } from '../parse.ts';
import type { Segment, Signals, Transcript } from '../transcript.ts';

export interface EncodedBatch {
  header: string;
  texts: string;
}

type Header = Array<{ signals: Signals; segments: Array<[Role, string[], number]>; text: number }>;

export function encodeBatch(batch: readonly Transcript[]): EncodedBatch {
  const header: Header = [];
  let texts = '';
  for (const t of batch) {
    header.push({ signals: t.signals, segments: t.segments.map((s) => [s.role, s.toolCalls, s.text.length]), text: t.text.length });
    for (const s of t.segments) texts += s.text;
    texts += t.text;
  }
  return { header: JSON.stringify(header), texts };
}

export function decodeBatch({ header, texts }: EncodedBatch): Transcript[] {
  let at = 0;
  const take = (n: number) => texts.slice(at, (at += n));
  return (JSON.parse(header) as Header).map((h) => {
    const segments: Segment[] = h.segments.map(([role, toolCalls, n]) => ({ role, text: take(n), toolCalls }));
    return { segments, signals: h.signals, text: take(h.text) };
  });
}
