/**
 * The read API as the page sees it: GET /api/v1/taskshare/classifications and /history on the page's
 * own origin. Field names follow the API; the optional ones (apps, has_cost, spend shares, intervals)
 * may be absent on an older server, and every reader here copes with that.
 */

export interface ModelShare {
  id: string;
  usage: number;
  token: number;
  spend?: number;
}

export interface Task {
  tag: string;
  name: string;
  macro: string;
  usage: number;
  token: number;
  spend?: number;
  models: ModelShare[];
  previous?: { usage: number; token: number };
  changePp?: { usage: number; token: number };
  usageInterval?: [number, number];
  tokenInterval?: [number, number];
}

export interface Macro {
  key: string;
  label: string;
  usage: number;
  token: number;
  spend?: number;
}

export interface Snapshot {
  asOf: string;
  windowDays: number;
  from: string;
  to: string;
  previousWindow?: { from: string; to: string };
  sampleRate?: number;
  confidenceLevel?: number;
  tasks: Task[];
  macros: Macro[];
  app?: string | null;
  apps?: string[];
  hasCost: boolean;
  privacy?: { min_users: number | null; models_folded: number; tags_folded: number };
}

export interface HistoryPoint {
  asOf: string;
  from: string;
  to: string;
  macros: Macro[];
  tasks: Array<{ tag: string; macro: string; usage: number; token: number; spend?: number }>;
}

/** Why a request failed, in words for the page. `kind` decides what the page offers (a key form, a retry). */
export class ApiProblem extends Error {
  constructor(
    readonly kind: 'key' | 'forbidden' | 'limited' | 'offline' | 'bad' | 'server',
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const pair = (v: unknown): [number, number] | undefined =>
  Array.isArray(v) && v.length === 2 && num(v[0]) !== undefined && num(v[1]) !== undefined ? [v[0] as number, v[1] as number] : undefined;

/** "code:debugging" -> "Code: debugging", for a tag the server sent without a display name. */
const nameOf = (tag: string) => tag.charAt(0).toUpperCase() + tag.slice(1).replace(/[:_]/g, (c) => (c === ':' ? ': ' : ' '));

function macroOf(m: Json): Macro {
  return {
    key: str(m.key),
    label: str(m.label, nameOf(str(m.key))),
    usage: num(m.usage_share) ?? 0,
    token: num(m.token_share) ?? 0,
    spend: num(m.spend_share),
  };
}

export function parseSnapshot(body: unknown): Snapshot {
  const d = ((body as Json | null)?.data ?? {}) as Json;
  const tasks = arr(d.classifications).map((c): Task => {
    const previous = c.previous as Json | undefined;
    const change = c.change_pp as Json | undefined;
    // The contract's `models` ({id, tag_usage_share}); `top_models` ({model, usage_share}) also read.
    const models = arr(c.models ?? c.top_models).map((m) => ({
      id: str(m.id ?? m.model),
      usage: num(m.tag_usage_share ?? m.usage_share) ?? 0,
      token: num(m.tag_token_share ?? m.token_share) ?? 0,
      spend: num(m.tag_spend_share ?? m.spend_share),
    }));
    const tag = str(c.tag);
    return {
      tag,
      name: str(c.display_name, nameOf(tag)),
      macro: str(c.macro_category, 'general'),
      usage: num(c.usage_share) ?? 0,
      token: num(c.token_share) ?? 0,
      spend: num(c.spend_share),
      models,
      previous: previous ? { usage: num(previous.usage_share) ?? 0, token: num(previous.token_share) ?? 0 } : undefined,
      changePp: change ? { usage: num(change.usage) ?? 0, token: num(change.token) ?? 0 } : undefined,
      usageInterval: pair(c.usage_share_interval),
      tokenInterval: pair(c.token_share_interval),
    };
  });
  const prev = d.previous_window as Json | undefined;
  return {
    asOf: str(d.as_of),
    windowDays: num(d.window_days) ?? 7,
    from: str(d.from),
    to: str(d.to),
    previousWindow: prev ? { from: str(prev.from), to: str(prev.to) } : undefined,
    sampleRate: num(d.sample_rate),
    confidenceLevel: num(d.confidence_level),
    tasks,
    macros: arr(d.macro_categories).map(macroOf),
    app: typeof d.app === 'string' ? d.app : null,
    apps: Array.isArray(d.apps) ? (d.apps as unknown[]).filter((a): a is string => typeof a === 'string') : undefined,
    hasCost: d.has_cost === true,
    privacy: d.privacy as Snapshot['privacy'],
  };
}

export function parseHistory(body: unknown): HistoryPoint[] {
  const d = ((body as Json | null)?.data ?? {}) as Json;
  return arr(d.points).map((p) => ({
    asOf: str(p.as_of),
    from: str(p.from),
    to: str(p.to),
    macros: arr(p.macro_categories).map(macroOf),
    tasks: arr(p.classifications).map((c) => ({
      tag: str(c.tag),
      macro: str(c.macro_category),
      usage: num(c.usage_share) ?? 0,
      token: num(c.token_share) ?? 0,
      spend: num(c.spend_share),
    })),
  }));
}

export interface Query {
  window: string;
  app: string;
}

const BASE = '/api/v1/taskshare/classifications';

function queryString(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const classificationsUrl = (q: Query, format?: 'csv') => `${BASE}${queryString({ window: q.window, app: q.app, format })}`;
export const historyUrl = (q: Query, from: string, to: string) =>
  `${BASE}/history${queryString({ window: q.window, app: q.app, step: '7d', from, to })}`;

/** One GET with the key when there is one; every failure becomes an ApiProblem that says what to do. */
export async function get(url: string, key: string | undefined, accept: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { headers: key ? { authorization: `Bearer ${key}`, accept } : { accept }, cache: 'no-store' });
  } catch {
    throw new ApiProblem(
      'offline',
      'The taskshare server is not answering. It may have stopped or restarted; the page tries again every 30 seconds.',
    );
  }
  if (res.ok) return res;
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not the API's JSON (a proxy's page): the status line says enough.
  }
  if (res.status === 401)
    throw new ApiProblem(
      'key',
      key
        ? `This key was refused (${message}). It may have been revoked: enter another read key.`
        : 'This server needs a read key to show its rankings.',
    );
  if (res.status === 403)
    throw new ApiProblem('forbidden', `This key may not read rankings (${message}). Enter a key with the read scope.`);
  if (res.status === 429) {
    const after = res.headers.get('retry-after');
    throw new ApiProblem('limited', `Too many requests for now${after ? `: try again in ${after} s` : ''}.`);
  }
  if (res.status >= 500) throw new ApiProblem('server', `The server could not answer (${message}). The page tries again every 30 seconds.`);
  throw new ApiProblem('bad', message);
}

export async function getJson(url: string, key: string | undefined): Promise<unknown> {
  const res = await get(url, key, 'application/json');
  try {
    return await res.json();
  } catch {
    throw new ApiProblem('server', 'The server sent an answer that is not JSON.');
  }
}
