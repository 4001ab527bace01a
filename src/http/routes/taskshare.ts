/**
 * taskshare's own read API, beside the contract endpoint (which stays as it is):
 * GET /api/v1/taskshare/classifications and /classifications/history. Read scope, the read limit.
 * Every parameter is checked: an unknown, repeated or malformed one is a 400 naming it and what it accepts.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/index.ts';
import { MAX_LENGTH } from '../../ingest/limits.ts';
import { identifierProblem } from '../../ingest/text.ts';
import { HISTORY_STEPS, historyPointCount, MAX_HISTORY_POINTS, WINDOW_LENGTHS } from '../../shares/taskshare.ts';
import { addDays, utcDay } from '../../shares/window.ts';
import type { TaskshareService } from '../../snapshots/taskshare.ts';
import { corsFor } from '../cors.ts';
import { CSV_TYPE, classificationsCsv, historyCsv } from '../csv.ts';
import type { GuardDeps } from '../guard.ts';
import { guard } from '../guard.ts';
import { sendJson } from '../reply.ts';
import { onlyMethods } from './methods.ts';

const CACHE_CONTROL = 'private, max-age=60';
const bad = (message: string) => new ApiError('badRequest', `Invalid request parameters: ${message}`);
const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

/** The query as one value per name; unknown or repeated names are refused. */
function queryOf(url: string, allowed: readonly string[]): Map<string, string> {
  const q = url.indexOf('?');
  const params = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  const out = new Map<string, string>();
  for (const [name, value] of params) {
    if (!allowed.includes(name)) throw bad(`unknown parameter ${JSON.stringify(name)}; accepted: ${allowed.join(', ')}`);
    if (out.has(name)) throw bad(`${name} must be given once`);
    out.set(name, value);
  }
  return out;
}

function choice(query: Map<string, string>, name: string, table: Readonly<Record<string, number>>, fallback: string): number {
  const value = query.get(name) ?? fallback;
  const days = Object.hasOwn(table, value) ? table[value] : undefined;
  if (days === undefined) throw bad(`${name} ${JSON.stringify(value)} is not supported; allowed values: ${quoted(Object.keys(table))}`);
  return days;
}

/** A past UTC date `YYYY-MM-DD` (before today), or `fallback` when absent. */
function pastDate(query: Map<string, string>, name: string, today: string, fallback: string): string {
  const value = query.get(name);
  if (value === undefined) return fallback;
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= '1970-01-01' && utcDay(Date.parse(`${value}T00:00:00Z`)) === value;
  if (!valid) throw bad(`${name} ${JSON.stringify(value)} is not a date; expected YYYY-MM-DD (UTC) before ${today}`);
  if (value >= today) throw bad(`${name} ${value} is not in the past; expected a UTC date before ${today}`);
  return value;
}

/** An app id as events carry it (see ingest/text.ts); absent: every app. */
function appParam(query: Map<string, string>): string | undefined {
  const value = query.get('app');
  if (value === undefined) return undefined;
  if (value === '') throw bad('app must not be empty; give an app id as events carry it, or leave app out for every app');
  if (value.length > MAX_LENGTH.app) throw bad(`app is longer than ${MAX_LENGTH.app} characters, the longest an event's app may be`);
  const problem = identifierProblem(value);
  if (problem) throw bad(`app ${problem}`);
  return value;
}

/** CSV when `format=csv`, or without `format` when Accept names text/csv; JSON otherwise. */
function wantsCsv(query: Map<string, string>, accept: string | undefined): boolean {
  const format = query.get('format');
  if (format === undefined) return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept ?? '');
  if (format !== 'json' && format !== 'csv') throw bad(`format ${JSON.stringify(format)} is not supported; allowed values: "json", "csv"`);
  return format === 'csv';
}

export function taskshareRoutes(
  app: FastifyInstance,
  deps: GuardDeps & { taskshare: TaskshareService; corsOrigins: string; publicRankings?: boolean },
): void {
  const cors = corsFor(deps.corsOrigins, ['GET', 'HEAD']);
  // Public rankings: the page (and anyone) reads these two without a key, limited per address.
  const onRequest = [cors.headers, guard(deps, 'read', 'read', { anonymousRead: deps.publicRankings === true })];

  const url = '/api/v1/taskshare/classifications';
  app.get(url, { onRequest }, async (request, reply) => {
    const query = queryOf(request.url, ['window', 'as_of', 'app', 'format']);
    const csv = wantsCsv(query, request.headers.accept);
    const today = utcDay(deps.now());
    const windowDays = choice(query, 'window', WINDOW_LENGTHS, '7d');
    const asOf = pastDate(query, 'as_of', today, addDays(today, -1));
    const appFilter = appParam(query);
    // The answer depends on Accept (CSV or JSON) too, besides what cors.ts names.
    reply.headers({ 'cache-control': CACHE_CONTROL, vary: 'Accept, Accept-Encoding, Origin' });
    const body = await deps.taskshare.classifications(asOf, windowDays, appFilter);
    return csv ? reply.header('content-type', CSV_TYPE).send(classificationsCsv(body)) : sendJson(reply, 200, body);
  });

  const historyUrl = `${url}/history`;
  app.get(historyUrl, { onRequest }, async (request, reply) => {
    const query = queryOf(request.url, ['window', 'from', 'to', 'step', 'app', 'format']);
    const csv = wantsCsv(query, request.headers.accept);
    const today = utcDay(deps.now());
    const windowDays = choice(query, 'window', WINDOW_LENGTHS, '7d');
    const stepDays = choice(query, 'step', HISTORY_STEPS, '1d');
    const to = pastDate(query, 'to', today, addDays(today, -1));
    const from = pastDate(query, 'from', today, addDays(to, -29 * stepDays));
    const appFilter = appParam(query);
    if (from > to) throw bad(`from ${from} is after to ${to}; expected from <= to`);
    const points = historyPointCount(from, to, stepDays);
    if (points > MAX_HISTORY_POINTS) {
      throw bad(
        `from..to with step ${stepDays}d gives ${points} points; at most ${MAX_HISTORY_POINTS} per call: narrow from..to or use step=7d`,
      );
    }
    reply.headers({ 'cache-control': CACHE_CONTROL, vary: 'Accept, Accept-Encoding, Origin' });
    const body = await deps.taskshare.history(from, to, stepDays, windowDays, appFilter);
    return csv ? reply.header('content-type', CSV_TYPE).send(historyCsv(body)) : sendJson(reply, 200, body);
  });

  for (const u of [url, historyUrl]) {
    app.options(u, { config: { preflight: true } }, cors.preflight);
    onlyMethods(app, u, ['GET', 'HEAD', 'OPTIONS']);
  }
}
