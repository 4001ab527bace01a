/**
 * POST /v1/traces: taskshare as an OTLP/HTTP trace receiver (protobuf or JSON, gzip or not), with an
 * `ingest` key in the Authorization header as OTLP exporters send it. GenAI model-call spans become
 * events and are ingested like POST /api/v1/events; other spans are ignored and counted. The answer is
 * an ExportTraceServiceResponse in the request's encoding, with `partial_success` when spans were
 * rejected; a body that does not decode is a 400 (a google.rpc.Status for protobuf requests).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../../errors/index.ts';
import type { InputRecord } from '../../ingest/service.ts';
import { decodeJson } from '../../integrations/otlp/json.ts';
import type { OtlpRequest } from '../../integrations/otlp/model.ts';
import { decodeProtobuf, encodeResponse, encodeStatus } from '../../integrations/otlp/proto.ts';
import { translateSpan } from '../../integrations/otlp/translate.ts';
import { ingestTranslated, type Translation } from '../../integrations/translate.ts';
import type { Metrics } from '../../metrics/index.ts';
import { decodeBody } from '../decode-body.ts';
import { enforce, guard } from '../guard.ts';
import type { EventsDeps } from './events.ts';
import { onlyMethods } from './methods.ts';

export interface OtlpDeps extends EventsDeps {
  metrics?: Metrics;
}

const PROTOBUF = 'application/x-protobuf';
/** google.rpc.Code INVALID_ARGUMENT. */
const INVALID_ARGUMENT = 3;
/** Reasons quoted in partial_success.error_message; the count says how many there were in all. */
const MAX_REASONS = 5;

function badRequest(reply: FastifyReply, protobuf: boolean, message: string): FastifyReply {
  if (!protobuf) throw new ApiError('badRequest', message);
  return reply
    .code(400)
    .header('content-type', PROTOBUF)
    .send(Buffer.from(encodeStatus(INVALID_ARGUMENT, message)));
}

export function otlpRoute(app: FastifyInstance, deps: OtlpDeps): void {
  const url = '/v1/traces';
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([PROTOBUF, 'application/json'], { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (_req, body, done) =>
      done(null, body),
    );
    scope.addContentTypeParser('*', (request, _payload, done) => {
      done(
        new ApiError(
          'unsupportedMediaType',
          `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not supported; OTLP/HTTP sends ` +
            `application/x-protobuf or application/json`,
        ),
        undefined,
      );
    });
    scope.post<{ Body: Buffer }>(
      url,
      { onRequest: guard(deps, 'ingest', 'ingest'), preParsing: decodeBody, bodyLimit: deps.maxBodyBytes },
      async (request, reply) => {
        const protobuf = request.headers['content-type']?.toLowerCase().startsWith(PROTOBUF) ?? false;
        if (!Buffer.isBuffer(request.body))
          throw new ApiError('unsupportedMediaType', 'Send an OTLP body as application/x-protobuf or application/json');
        // Content-Encoding (gzip, as OTLP exporters send it; deflate, br) was decoded as a stream by decodeBody.
        const body = request.body;

        let decoded: OtlpRequest;
        if (protobuf) {
          try {
            decoded = decodeProtobuf(body);
          } catch {
            return badRequest(reply, true, 'OTLP body is not a valid protobuf ExportTraceServiceRequest');
          }
        } else {
          const json = decodeJson(body.toString('utf8'));
          if (!json.ok) return badRequest(reply, false, json.reason);
          decoded = json.request;
        }
        if (decoded.spans.length > deps.maxEventsPerRequest) {
          throw new ApiError(
            'payloadTooLarge',
            `At most ${deps.maxEventsPerRequest} spans per request; this one has ${decoded.spans.length} (lower the exporter's batch size)`,
          );
        }

        // The ingest limit counts events: one per span, spent before anything is stored.
        enforce(
          deps,
          reply,
          await deps.limiter.takeEvents({ keyId: request.apiKey!.id, account: request.apiKey!.account }, decoded.spans.length, deps.now()),
        );
        let ignored = 0;
        const records: InputRecord[] = decoded.spans.map((span, i) => ({ line: i + 1, value: span }));
        const summary = await ingestTranslated(deps.ingest, records, (span): Translation => {
          const t = translateSpan(span as OtlpRequest['spans'][number]);
          if ('skipped' in t) ignored += 1;
          return t;
        });
        deps.metrics?.integrationRecords('otlp', 'ignored', ignored);
        deps.metrics?.integrationRecords('otlp', 'failed', summary.failed);

        const rejected = summary.rejected.length;
        const reasons = summary.rejected.slice(0, MAX_REASONS).map((r) => (r.id ? `span ${r.id}: ${r.reason}` : r.reason));
        const notes = [
          rejected > 0 ? `${rejected} span(s) rejected: ${reasons.join('; ')}${rejected > MAX_REASONS ? '; ...' : ''}` : '',
          ignored > 0 ? `${ignored} span(s) that are not GenAI model calls ignored` : '',
        ]
          .filter(Boolean)
          .join('. ');
        // A warning alone (nothing rejected) is sent too: OTLP allows error_message with rejected_spans 0.
        if (protobuf)
          return reply
            .code(200)
            .header('content-type', PROTOBUF)
            .send(Buffer.from(encodeResponse(rejected, notes)));
        const response = rejected > 0 || notes !== '' ? { partialSuccess: { rejectedSpans: String(rejected), errorMessage: notes } } : {};
        return reply
          .code(200)
          .header('content-type', 'application/json')
          .send(Buffer.from(JSON.stringify(response)));
      },
    );
  });
  onlyMethods(app, url, ['POST']);
}
