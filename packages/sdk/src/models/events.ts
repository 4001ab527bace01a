/**
 * POST /events: what one request answers (the server's counts and its rejections), and what `ingest`
 * adds up over all its batches. The event format is schemas/event.schema.json on the server.
 */
import { array, int, obj, opt, type Parser, req, str } from '../lib/validate.ts';

/** One LLM request as a gateway logged it; `id` makes sending it again safe (a repeat is a duplicate). */
export interface TaskShareEvent {
  id: string;
  /** RFC 3339 with a zone, or epoch seconds / milliseconds. */
  timestamp: string | number;
  usage: { prompt_tokens: number; completion_tokens: number; [name: string]: unknown };
  model?: string | null;
  /** A tag chosen upstream, or `request` for the server to classify (never stored). */
  tag?: string;
  request?: unknown;
  app?: string;
  [field: string]: unknown;
}

export interface Rejection {
  /** 1-based line within the request. */
  line: number;
  id?: string;
  reason: string;
}

export interface OutsideWindow {
  count: number;
  today: number;
  older: number;
}

/** The server's answer to one POST /events. */
export interface IngestBatchResult {
  accepted: number;
  duplicates: number;
  sampledOut: number;
  rejected: Rejection[];
  /** Of `accepted`, those the current window leaves out (newer servers). */
  outsideWindow?: OutsideWindow;
}

export interface IngestRejection {
  /** 0-based position in the events given to `ingest`. */
  index: number;
  id?: string;
  reason: string;
}

/** The sums over every batch `ingest` sent. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  sampledOut: number;
  rejected: IngestRejection[];
  outsideWindow: OutsideWindow;
  batches: number;
  events: number;
}

const rejection: Parser<Rejection> = (v, path) => {
  const o = obj(v, path);
  const out: Rejection = { line: req(o, 'line', path, int), reason: req(o, 'reason', path, str) };
  opt(out, 'id', o, 'id', path, str);
  return out;
};

const outside: Parser<OutsideWindow> = (v, path) => {
  const o = obj(v, path);
  return { count: req(o, 'count', path, int), today: req(o, 'today', path, int), older: req(o, 'older', path, int) };
};

export const parseIngestBatchResult: Parser<IngestBatchResult> = (v) => {
  const d = req(obj(v, ''), 'data', '', obj);
  const out: IngestBatchResult = {
    accepted: req(d, 'accepted', 'data', int),
    duplicates: req(d, 'duplicates', 'data', int),
    sampledOut: req(d, 'sampled_out', 'data', int),
    rejected: req(d, 'rejected', 'data', array(rejection)),
  };
  opt(out, 'outsideWindow', d, 'outside_window', 'data', outside);
  return out;
};
