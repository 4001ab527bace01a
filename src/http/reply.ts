/** The only place that writes error bodies: every error, from any layer, leaves in the contract's shape. */
import type { FastifyReply } from 'fastify';
import { errorBody } from '../errors/index.ts';

export const JSON_TYPE = 'application/json';

export function sendError(reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(status).headers(headers).type(JSON_TYPE).send(errorBody(status, message));
}

/** A JSON body for raw sockets (client errors arrive before Fastify has a request). */
export function rawErrorResponse(status: number, reason: string, message: string): string {
  const body = errorBody(status, message);
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
