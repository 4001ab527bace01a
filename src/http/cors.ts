/**
 * CORS for the read endpoint, so a page on another origin can call it with a bearer key: the
 * allowed origins come from a setting (`*` by default, fine for an API that takes no cookies), and
 * preflights are answered with 204 without a key. Small enough to keep here rather than register
 * @fastify/cors, whose catch-all OPTIONS route would collide with the 405 routes.
 *
 * @example
 * const cors = corsFor('https://a.example, https://b.example');
 * app.get(url, { onRequest: [cors.headers, guard] }, handler);
 * app.options(url, { config: { preflight: true } }, cors.preflight);
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the official SDKs send from a browser, and what a conditional GET needs. */
const ALLOWED_HEADERS =
  'Authorization, Content-Type, If-None-Match, HTTP-Referer, X-Title, X-OpenRouter-Title, X-OpenRouter-Categories, X-Request-Id';
/** Readable by the page: caching, rate limits, the request id. */
const EXPOSED_HEADERS = 'ETag, Retry-After, X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset';
const MAX_AGE_SECONDS = '600';

export interface Cors {
  /** onRequest hook: CORS headers on every answer of the route, errors included (the page can read a 401). */
  headers(request: FastifyRequest, reply: FastifyReply, done: () => void): void;
  /** Handler of the route's OPTIONS. */
  preflight(request: FastifyRequest, reply: FastifyReply): FastifyReply;
}

export function corsFor(setting: string, methods: string[]): Cors {
  const any = setting.trim() === '*';
  const list = new Set(
    setting
      .split(',')
      .map((o) => o.trim().toLowerCase())
      .filter((o) => o !== '' && o !== 'none'),
  );
  const allowed = (origin: string | undefined): string | undefined => {
    if (origin === undefined) return undefined;
    if (any) return '*';
    return list.has(origin.toLowerCase()) ? origin : undefined;
  };
  const allowMethods = methods.join(', ');
  return {
    headers(request, reply, done) {
      // Every answer varies with both, whether or not this one had them (caches must not mix them).
      reply.header('vary', 'Accept-Encoding, Origin');
      const origin = allowed(request.headers.origin);
      if (origin !== undefined)
        reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED_HEADERS);
      done();
    },
    preflight(request, reply) {
      reply.code(204).header('allow', `${allowMethods}, OPTIONS`).header('vary', 'Origin, Access-Control-Request-Headers');
      const origin = allowed(request.headers.origin);
      if (origin !== undefined) {
        reply.headers({
          'access-control-allow-origin': origin,
          'access-control-allow-methods': allowMethods,
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': MAX_AGE_SECONDS,
        });
      }
      return reply.send();
    },
  };
}
