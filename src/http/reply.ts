/** The only place that writes error bodies: every error, from any layer, leaves in the contract's shape. */
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { errorBody } from '../errors/index.ts';

export const JSON_TYPE = 'application/json';

/**
 * Every JSON body leaves as bytes with `Content-Type: application/json` exactly: given a string or an
 * object, Fastify would append `; charset=utf-8` (JSON is UTF-8 by definition; the contract says
 * `application/json`).
 */
export function sendJson(reply: FastifyReply, status: number, value: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', JSON_TYPE)
    .send(Buffer.from(JSON.stringify(value)));
}

export function sendError(reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}): FastifyReply {
  return reply
    .code(status)
    .headers(headers)
    .header('content-type', JSON_TYPE)
    .send(Buffer.from(errorBody(status, message)));
}

/** A whole response for raw sockets (client errors arrive before Fastify has a request), closing them. */
export function rawErrorResponse(status: number, reason: string, message: string): string {
  const body = errorBody(status, message);
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`
  );
}
