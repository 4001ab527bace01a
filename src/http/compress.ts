/**
 * Response compression by the client's Accept-Encoding (q-values, `identity`, `*` honoured, br
 * preferred on ties). Bodies sent again and again (the snapshot, the API description) are encoded
 * once per body and kept beside it, so compression costs nothing per request.
 *
 * @example
 * const sent = encodedBody(snapshot.body, chooseEncoding(request.headers['accept-encoding']));
 */

import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';

export type Coding = 'br' | 'gzip' | 'identity';
const AVAILABLE: Coding[] = ['br', 'gzip', 'identity'];

/** negotiator 1.x takes a preference for ties; its @types (0.6) do not know it yet. */
type WithPreferred = { encoding(available: string[], options: { preferred: string[] }): string | undefined };

export function chooseEncoding(header: string | string[] | undefined): Coding {
  // The common case (a client that asks for nothing) parses nothing.
  if (header === undefined || header === '') return 'identity';
  const accept = Array.isArray(header) ? header.join(', ') : header;
  // Identity refused too (`*;q=0`): sent as identity anyway, which RFC 9110 allows instead of a 406.
  const negotiator = new Negotiator({ headers: { 'accept-encoding': accept } }) as unknown as WithPreferred;
  return (negotiator.encoding(AVAILABLE, { preferred: AVAILABLE }) as Coding | undefined) ?? 'identity';
}

/** Encodings of a body, held as long as the body is (a new snapshot's body starts with none). */
const encodings = new WeakMap<Buffer, Partial<Record<Exclude<Coding, 'identity'>, Buffer>>>();

function encode(body: Buffer, coding: Exclude<Coding, 'identity'>): Buffer {
  if (coding === 'gzip') return gzipSync(body);
  // Quality 5: near 11's size for JSON at a fraction of its time, since a new snapshot is encoded on a request.
  return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
}

/** The bytes to send and their coding: identity when the client wants it or encoding would not shrink the body. */
export function encodedBody(body: Buffer, coding: Coding): { coding: Coding; bytes: Buffer } {
  if (coding === 'identity') return { coding, bytes: body };
  let cached = encodings.get(body);
  if (cached === undefined) encodings.set(body, (cached = {}));
  const bytes = (cached[coding] ??= encode(body, coding));
  return bytes.length < body.length ? { coding, bytes } : { coding: 'identity', bytes: body };
}

/** Sends a body that is the same for every request, compressed when the client accepts it. */
export function sendCompressible(request: FastifyRequest, reply: FastifyReply, body: Buffer): FastifyReply {
  const sent = encodedBody(body, chooseEncoding(request.headers['accept-encoding']));
  reply.header('vary', 'Accept-Encoding');
  if (sent.coding !== 'identity') reply.header('content-encoding', sent.coding);
  return reply.send(sent.bytes);
}
