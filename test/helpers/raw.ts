/**
 * Raw TCP clients, for what fetch cannot do: stall, dribble, send malformed requests, watch the close.
 */
import { connect, type Socket } from 'node:net';

export interface RawClient {
  socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves when the server has closed the connection (or it was reset), with everything received. */
  closed: Promise<string>;
  /** Resolves once `pattern` appears in what was received. */
  waitFor(pattern: RegExp): Promise<string>;
  write(bytes: string | Buffer): Promise<void>;
}

export function rawClient(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let out = '';
    const waiters: Array<() => void> = [];
    socket.on('data', (d) => {
      out += d;
      for (const w of waiters.splice(0)) w();
    });
    socket.on('error', () => undefined); // a reset after the answer is how some closes look
    const closed = new Promise<string>((r) =>
      socket.on('close', () => {
        for (const w of waiters.splice(0)) w();
        r(out);
      }),
    );
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => out,
        closed,
        waitFor(pattern) {
          return new Promise((r, j) => {
            const check = () => {
              if (pattern.test(out)) return r(out);
              if (socket.destroyed) return j(new Error(`closed without ${pattern}: ${JSON.stringify(out.slice(0, 300))}`));
              waiters.push(check);
            };
            check();
          });
        },
        write: (bytes) =>
          new Promise((r) => {
            if (socket.writable) socket.write(bytes, () => r());
            else r();
          }),
      }),
    );
    socket.once('error', reject);
  });
}

/** One request's bytes, the answer, and the close. */
export async function rawExchange(url: string, bytes: string): Promise<string> {
  const c = await rawClient(url);
  await c.write(bytes);
  c.socket.end();
  return c.closed;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Status, headers (lower-cased names) and body of the first answer in `raw`. */
export function parseAnswer(raw: string): RawAnswer {
  const at = raw.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = raw.slice(0, at).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  return { status: Number(statusLine!.split(' ')[1]), headers, body: raw.slice(at + 4, at + 4 + length) };
}

/** Rejects when `p` has not settled after `ms`: a hung server fails the test with a reason instead of timing it out. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}
