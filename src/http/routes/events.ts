/**
 * POST /api/v1/events with an `ingest` key: NDJSON or a JSON array of events. A 200 means committed;
 * the body counts accepted, duplicate and sampled-out events and lists each rejected one with its reason.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/index.ts';
import { countNdjsonRecords, ndjsonRecords, parseJsonArray } from '../../ingest/parse-body.ts';
import type { IngestService, InputRecord } from '../../ingest/service.ts';
import { decodeBody } from '../decode-body.ts';
import { enforce, type GuardDeps, guard } from '../guard.ts';
import { sendJson } from '../reply.ts';
import { onlyMethods } from './methods.ts';

export interface EventsDeps extends GuardDeps {
  ingest: IngestService;
  maxBodyBytes: number;
  maxEventsPerRequest: number;
  maxRecordBytes: number;
}

export function eventsRoute(app: FastifyInstance, deps: EventsDeps): void {
  const url = '/api/v1/events';
  app.register(async (scope) => {
    // Bodies stay bytes here: records are parsed one by one, so one bad record rejects only itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ['application/x-ndjson', 'application/json'],
      { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes },
      (_req, body, done) => done(null, body),
    );
    scope.addContentTypeParser('*', (request, _payload, done) => {
      done(
        new ApiError(
          'unsupportedMediaType',
          `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not supported; send application/x-ndjson or ` +
            `application/json`,
        ),
        undefined,
      );
    });
    scope.post<{ Body: Buffer }>(
      url,
      { onRequest: guard(deps, 'ingest', 'ingest'), preParsing: decodeBody, bodyLimit: deps.maxBodyBytes },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body))
          throw new ApiError('unsupportedMediaType', 'Send a body of application/x-ndjson or application/json');
        const limits = { maxRecordBytes: deps.maxRecordBytes };
        const isNdjson = request.headers['content-type']?.toLowerCase().startsWith('application/x-ndjson') ?? false;
        let records: Iterable<InputRecord>;
        let count: number;
        if (isNdjson) {
          // Counted first (a 413 must come before anything is stored), then parsed lazily as ingested.
          count = countNdjsonRecords(request.body);
          records = ndjsonRecords(request.body, limits);
        } else {
          const parsed = parseJsonArray(request.body.toString('utf8'), limits);
          if (!parsed.ok) throw new ApiError('badRequest', parsed.reason);
          records = parsed.records;
          count = parsed.records.length;
        }
        if (count > deps.maxEventsPerRequest) {
          throw new ApiError('payloadTooLarge', `At most ${deps.maxEventsPerRequest} events per request; this one has ${count}`);
        }
        // The ingest limit is in events, so it is spent here, once they are counted and before any is stored.
        enforce(
          deps,
          reply,
          await deps.limiter.takeEvents({ keyId: request.apiKey!.id, account: request.apiKey!.account }, count, deps.now()),
        );
        return sendJson(reply, 200, { data: await deps.ingest.ingest(records) });
      },
    );
  });
  onlyMethods(app, url, ['POST']);
}
