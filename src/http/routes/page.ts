/**
 * The rankings page: GET / and /rankings answer its HTML, /assets/NAME its script and stylesheet, all
 * read once from dist-web/ (built from web/ by `npm install`), compressed once, and held in memory.
 * The page takes its numbers from the read API (/api/v1/taskshare/...), never from here.
 * Assets carry a content hash in their name, so they are cached for good; the HTML is revalidated.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors/index.ts';
import { sendCompressible } from '../compress.ts';

/** The same folder from src/http/routes and from dist/http/routes. */
export const WEB_BUILD_DIR = fileURLToPath(new URL('../../../dist-web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Only the page's own origin, for everything: no other host is ever contacted. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action " +
  "'none'; frame-ancestors 'none'";

export interface PageDeps {
  /** Whether the read API answers the page without a key (TASKSHARE_PUBLIC_RANKINGS). */
  publicRankings: boolean;
  /** Cited on the page: "Source: NAME (...), as of ...". */
  deploymentName: string;
  /** Where the built page is; WEB_BUILD_DIR unless a test says otherwise. */
  webDir?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Asset {
  body: Buffer;
  type: string;
}

function loadBuild(dir: string): { html: Buffer; assets: Map<string, Asset> } | undefined {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return undefined;
  const assets = new Map<string, Asset>();
  const assetDir = join(dir, 'assets');
  for (const name of existsSync(assetDir) ? readdirSync(assetDir) : []) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (type !== undefined) assets.set(name, { body: readFileSync(join(assetDir, name)), type });
  }
  return { html: readFileSync(index), assets };
}

export function pageRoutes(app: FastifyInstance, deps: PageDeps): void {
  const build = loadBuild(deps.webDir ?? WEB_BUILD_DIR);
  // The page's settings travel in its HTML, so it needs no request to learn them.
  const html =
    build === undefined
      ? undefined
      : Buffer.from(
          build.html
            .toString('utf8')
            .replace('__TASKSHARE_DEPLOYMENT__', escapeHtml(deps.deploymentName))
            .replace('__TASKSHARE_PUBLIC__', deps.publicRankings ? 'true' : 'false'),
        );

  const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
    if (html === undefined) throw new ApiError('unavailable', 'Service Unavailable: the rankings page is not built; run `npm run build`');
    reply.headers({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    return sendCompressible(request, reply, html);
  };
  const config = { page: true };
  app.get('/', { config }, sendPage);
  app.get('/rankings', { config }, sendPage);
  app.get<{ Params: { name: string } }>('/assets/:name', { config }, (request, reply) => {
    const asset = build?.assets.get(request.params.name);
    if (asset === undefined) throw new ApiError('notFound', `Not Found: no asset ${JSON.stringify(request.params.name.slice(0, 100))}`);
    reply.headers({
      'content-type': asset.type,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    return sendCompressible(request, reply, asset.body);
  });
}
