/**
 * Every way Node's HTTP server would answer on its own, before or beside Fastify, answered in the
 * contract's error shape instead: malformed requests and timeouts (clientError), CONNECT (which Node
 * otherwise drops without a word) and unmet `Expect` headers (Node's 417 has an empty body); and
 * `100 Continue`, which Node would send before the key is checked. Upgrade requests need nothing
 * here: without an 'upgrade' listener Node hands them to Fastify as plain requests.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, RequestPayload } from 'fastify';
import { errorBody } from '../errors/index.ts';
import { JSON_TYPE, rawErrorResponse } from './reply.ts';

/**
 * Fastify's `clientErrorHandler` (called with the Fastify instance as `this`): garbage bytes,
 * oversized headers, header or body timeouts. Logged by code only: the raw bytes may hold a key.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset or a half-written response: nothing can be said on this socket any more.
  if (
    !socket.writable ||
    err.code === 'ECONNRESET' ||
    (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent
  ) {
    socket.destroy();
    return;
  }
  const code = err.code ?? '';
  const response =
    code === 'HPE_HEADER_OVERFLOW'
      ? rawErrorResponse(431, 'Request Header Fields Too Large', 'Request header fields (or the URL) too large')
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? rawErrorResponse(408, 'Request Timeout', 'Request Timeout: the request did not arrive in time')
        : rawErrorResponse(400, 'Bad Request', 'Malformed HTTP request');
  this.log.info({ clientError: code || err.name, remote: socket.remoteAddress }, 'client error answered');
  socket.end(response);
}

export function answerInContractShape(server: Server): void {
  // `Expect: 100-continue`: Node would invite the body before the key is checked; handed on as a
  // plain request instead, and invited only once the guard has passed (continueAfterGuard).
  server.on('checkContinue', (req, res) => server.emit('request', req, res));
  server.on('connect', (_req, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawErrorResponse(405, 'Method Not Allowed', 'Method CONNECT is not allowed'));
  });
  server.on('checkExpectation', (req, res) => {
    const body = errorBody(417, `Expectation Failed: ${JSON.stringify(String(req.headers.expect ?? '')).slice(0, 100)} is not supported`);
    res.writeHead(417, {
      'content-type': JSON_TYPE,
      'content-length': Buffer.byteLength(body),
      'x-request-id': randomUUID(),
      connection: 'close',
    });
    res.end(body);
  });
}

/** preParsing hook: runs after every onRequest hook (the guard), so only an accepted request is asked for its body. */
export function continueAfterGuard(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: RequestPayload,
  done: (err: null, payload: RequestPayload) => void,
): void {
  const expect = request.headers.expect;
  if (expect !== undefined && expect.toLowerCase() === '100-continue' && !reply.raw.headersSent) reply.raw.writeContinue();
  done(null, payload);
}
