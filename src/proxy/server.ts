/**
 * `taskshare proxy`: an OpenAI-compatible pass-through. Every request and response goes through
 * unchanged, streams chunk by chunk as they arrive (never buffered); beside the bytes, a tap reads the
 * request body (for POST .../chat/completions, .../responses and Anthropic's .../messages) and the
 * response's id, model and usage. After the response has ended, a sampled request is classified in
 * memory and recorded as an event with its tag (its text never leaves the proxy), sent to taskshare
 * in batches. Recording can fail; the proxied traffic cannot, because of it.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { parseRequest, type TaskClassifier } from '../classify/index.ts';
import { errorBody } from '../errors/index.ts';
import { maskUrl } from '../errors/startup.ts';
import { isSampled } from '../ingest/sample.ts';
import { Recorder } from './recorder.ts';
import { type ResponseFacts, ResponseTap } from './usage.ts';

export interface ProxyOptions {
  upstream: string;
  port: number;
  host: string;
  /** taskshare's URL and an ingest key, where events go. */
  ingestUrl: string;
  ingestKey: string;
  sampleRate: number;
  classifier: Pick<TaskClassifier, 'classifyTranscript'>;
  logger: Logger;
  maxBuffer?: number;
  batchSize?: number;
  flushMs?: number;
  retries?: number;
}

export interface RunningProxy {
  url: string;
  registry: Registry;
  /** Sends the buffered events now (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Paths whose requests are recorded (with any prefix: a base URL with or without /v1). */
const RECORDED = [/\/chat\/completions$/, /\/responses$/, /\/messages$/];
/** Request bodies larger than this are forwarded but not recorded. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);
/** The proxy's own endpoints, under a prefix no LLM API uses. */
const OWN = '/_taskshare/';

function forwardHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

function sendJsonError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'application/json' }).end(errorBody(status, message));
}

export async function startProxy(o: ProxyOptions): Promise<RunningProxy> {
  const upstream = new URL(o.upstream);
  const base = upstream.pathname.replace(/\/+$/, '');
  const client = upstream.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true });

  const registry = new Registry();
  const requests = new Counter({
    name: 'taskshare_proxy_requests_total',
    help: 'Proxied requests by what was recorded: recorded, sampled_out, not_recorded, upstream_error',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const sent = new Counter({ name: 'taskshare_proxy_events_sent_total', help: 'Events taskshare acknowledged', registers: [registry] });
  const dropped = new Counter({
    name: 'taskshare_proxy_events_dropped_total',
    help: 'Events dropped: buffer full, or the server kept refusing a batch',
    registers: [registry],
  });
  const recorder = new Recorder({
    url: o.ingestUrl.replace(/\/+$/, ''),
    key: o.ingestKey,
    maxBuffer: o.maxBuffer ?? 10_000,
    batchSize: o.batchSize ?? 500,
    flushMs: o.flushMs ?? 1_000,
    retries: o.retries ?? 5,
    logger: o.logger,
    onSent: (n) => sent.inc(n),
    onDropped: (n) => dropped.inc(n),
  });
  new Gauge({
    name: 'taskshare_proxy_buffered_events',
    help: 'Events waiting to be sent',
    registers: [registry],
    collect() {
      this.set(recorder.buffered);
    },
  });

  /** Recordings not yet buffered (classifying), so that a flush waits for them. */
  const pending = new Set<Promise<void>>();

  /** After the response: classify a sampled request and buffer its event. Never throws. */
  async function record(body: Buffer[], facts: Promise<ResponseFacts>, startedMs: number): Promise<void> {
    try {
      const f = await facts;
      const id = f.id ?? randomUUID();
      if (!isSampled(id, o.sampleRate)) return void requests.inc({ outcome: 'sampled_out' });
      let request: unknown;
      try {
        request = JSON.parse(Buffer.concat(body).toString('utf8'));
      } catch {
        return void requests.inc({ outcome: 'not_recorded' });
      }
      const parsed = parseRequest(request);
      if (!parsed.ok) return void requests.inc({ outcome: 'not_recorded' });
      const { tag } = await o.classifier.classifyTranscript(parsed.transcript);
      const r = request as Record<string, unknown>;
      recorder.add({
        id,
        timestamp: startedMs,
        model: f.model ?? (typeof r.model === 'string' ? r.model : null),
        // A stream without a usage chunk (chat without stream_options.include_usage) records 0 tokens.
        usage: { prompt_tokens: f.promptTokens ?? 0, completion_tokens: f.completionTokens ?? 0 },
        user: typeof r.user === 'string' && r.user !== '' ? r.user : null,
        tag,
      });
      requests.inc({ outcome: 'recorded' });
    } catch (err) {
      requests.inc({ outcome: 'not_recorded' });
      o.logger.warn({ err: { type: (err as Error).name } }, 'proxy could not record a request');
    }
  }

  async function own(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url === `${OWN}metrics`) {
      res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    } else if (req.url === `${OWN}healthz`) res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    else sendJsonError(res, 404, `Not Found: ${req.url?.slice(0, 200)}`);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    if (url.startsWith(OWN)) return void own(req, res).catch(() => sendJsonError(res, 500, 'Internal Server Error'));
    const startedMs = Date.now();
    const path = url.split('?')[0]!;
    const recordable = req.method === 'POST' && RECORDED.some((p) => p.test(path));
    const body: Buffer[] = [];
    let bodyBytes = 0;

    const up = client.request({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      path: `${base}${url}`,
      method: req.method,
      headers: { ...forwardHeaders(req.headers), host: upstream.host },
      agent,
    });
    up.on('error', (err) => {
      requests.inc({ outcome: 'upstream_error' });
      sendJsonError(res, 502, `Bad Gateway: the upstream did not answer (${(err as NodeJS.ErrnoException).code ?? err.name})`);
    });
    up.on('response', (ures) => {
      res.writeHead(ures.statusCode ?? 502, ures.statusMessage, forwardHeaders(ures.headers));
      const tapped = recordable && bodyBytes <= MAX_REQUEST_BYTES && (ures.statusCode ?? 500) < 300;
      const tap = tapped
        ? new ResponseTap(
            String(ures.headers['content-type'] ?? '').includes('text/event-stream'),
            ures.headers['content-encoding'] as string | undefined,
          )
        : undefined;
      if (tap)
        ures.on('data', (chunk: Buffer) => {
          try {
            tap.write(chunk);
          } catch {
            /* the tap never fails the stream */
          }
        });
      ures.pipe(res);
      ures.on('end', () => {
        if (tap) {
          const done = new Promise<void>((resolve) => setImmediate(() => void record(body, tap.end(), startedMs).finally(resolve)));
          pending.add(done);
          void done.finally(() => pending.delete(done));
        } else requests.inc({ outcome: 'not_recorded' });
      });
      ures.on('error', () => res.destroy());
    });
    // A client that goes away takes its upstream request with it.
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    req.on('error', () => up.destroy());
    if (recordable) {
      req.on('data', (chunk: Buffer) => {
        bodyBytes += chunk.length;
        if (bodyBytes <= MAX_REQUEST_BYTES) body.push(chunk);
        else body.length = 0;
      });
    }
    req.pipe(up);
  }

  const server = http.createServer(handle);
  // Streams can be long: no timeout of the proxy's own cuts them.
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  o.logger.info(
    { url, upstream: upstream.origin + base, ingest: maskUrl(o.ingestUrl), sampleRate: o.sampleRate },
    'taskshare proxy listening',
  );
  return {
    url,
    registry,
    async flush() {
      await Promise.all(pending);
      await recorder.flush();
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await Promise.all(pending);
      await recorder.close(5_000);
      agent.destroy();
    },
  };
}
