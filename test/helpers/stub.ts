/**
 * A scripted HTTP server on 127.0.0.1 for what a real taskshare will not do on demand: fail twice then
 * answer, send HTML or a cut-off body, drop the connection, or never answer. It records every request.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON (content-type application/json unless headers say otherwise). */
  body?: string | object;
  /** Close the connection without an answer. */
  drop?: boolean;
  /** Never answer (until the stub closes). */
  hang?: boolean;
}

export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Date.now() when the request's head arrived. */
  at: number;
}

export interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

/** Answers in order; the last one repeats once the list runs out. */
export async function startStub(answers: StubAnswer[]): Promise<Stub> {
  const requests: StubRequest[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at });
      const a = answers[Math.min(requests.length - 1, answers.length - 1)] ?? {};
      if (a.drop) return void req.socket.destroy();
      if (a.hang) return void hanging.push(res);
      const json = typeof a.body === 'object';
      const body = json ? JSON.stringify(a.body) : (a.body ?? '');
      res.writeHead(a.status ?? 200, { ...(json ? { 'content-type': 'application/json' } : {}), ...a.headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
