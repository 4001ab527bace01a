/**
 * Request bodies sent with `Content-Encoding: gzip`, `deflate` or `br` (log shippers compress by
 * default), decoded as a stream in a preParsing hook. The body limit counts the decoded bytes, so a
 * small bomb stops at the limit with a 413 instead of filling memory; any other encoding is a 415.
 *
 * @example
 * scope.post(url, { preParsing: decodeBody }, handler);
 */
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/index.ts';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export const SUPPORTED_ENCODINGS = ['gzip', 'deflate', 'br'];

type Done = (err: Error | null, stream?: Readable) => void;

export function decodeBody(request: FastifyRequest, reply: FastifyReply, payload: Readable, done: Done): void {
  const header = request.headers['content-encoding'];
  const coding = (header ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') {
    done(null, payload);
    return;
  }
  const make = DECODERS[coding];
  if (!make) {
    done(
      new ApiError(
        'unsupportedMediaType',
        `Content-Encoding ${JSON.stringify(header)} is not supported; send ${SUPPORTED_ENCODINGS.join(', ')} or none`,
      ),
    );
    return;
  }
  const decoder = make() as Transform & { receivedEncodedLength?: number };
  // Fastify checks Content-Length against the bytes that came in, not the decoded ones.
  decoder.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    decoder.receivedEncodedLength! += chunk.length;
  });
  payload.on('error', (err) => decoder.destroy(err));
  decoder.on('error', (err: Error & { statusCode?: number }) => {
    if (err instanceof ApiError || err.statusCode) return;
    // zlib's own messages ("incorrect header check") say little to a client.
    err.statusCode = 400;
    err.message = `Invalid request body: it is not valid ${coding} data`;
  });
  payload.pipe(decoder);
  // At the limit Fastify stops reading and answers 413: stop inflating the rest too.
  reply.raw.once('close', () => {
    payload.unpipe(decoder);
    decoder.destroy();
  });
  done(null, decoder);
}
