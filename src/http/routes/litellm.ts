/**
 * POST /api/v1/integrations/litellm with an `ingest` key: what LiteLLM's `generic_api` logging callback
 * sends (StandardLoggingPayload objects as a JSON array, NDJSON or one object). Each payload is
 * translated into an event and ingested like POST /api/v1/events; failed calls and non-generation
 * calls are counted apart.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/index.ts';
import { litellmRecords } from '../../integrations/litellm/body.ts';
import { type LitellmAppSource, translatePayload } from '../../integrations/litellm/translate.ts';
import { ingestTranslated } from '../../integrations/translate.ts';
import type { Metrics } from '../../metrics/index.ts';
import { decodeBody } from '../decode-body.ts';
import { enforce, guard } from '../guard.ts';
import { sendJson } from '../reply.ts';
import type { EventsDeps } from './events.ts';
import { onlyMethods } from './methods.ts';

export interface LitellmDeps extends EventsDeps {
  metrics?: Metrics;
  /** Where `app` comes from (TASKSHARE_LITELLM_APP); the key alias by default. */
  litellmApp?: LitellmAppSource;
}

export function litellmRoute(app: FastifyInstance, deps: LitellmDeps): void {
  const url = '/api/v1/integrations/litellm';
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ['application/json', 'application/x-ndjson'],
      { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes },
      (_req, body, done) => done(null, body),
    );
    scope.addContentTypeParser('*', (request, _payload, done) => {
      done(
        new ApiError(
          'unsupportedMediaType',
          `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not supported; LiteLLM sends application/json`,
        ),
        undefined,
      );
    });
    scope.post<{ Body: Buffer }>(
      url,
      { onRequest: guard(deps, 'ingest', 'ingest'), preParsing: decodeBody, bodyLimit: deps.maxBodyBytes },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) throw new ApiError('unsupportedMediaType', 'Send the LiteLLM payloads as application/json');
        const parsed = litellmRecords(request.body, { maxRecordBytes: deps.maxRecordBytes });
        if (!parsed.ok) throw new ApiError('badRequest', parsed.reason);
        if (parsed.count > deps.maxEventsPerRequest) {
          throw new ApiError(
            'payloadTooLarge',
            `At most ${deps.maxEventsPerRequest} payloads per request; this one has ${parsed.count} (lower LiteLLM's batch_size)`,
          );
        }
        // The ingest limit counts events: one per payload, spent before anything is stored.
        enforce(
          deps,
          reply,
          await deps.limiter.takeEvents({ keyId: request.apiKey!.id, account: request.apiKey!.account }, parsed.count, deps.now()),
        );
        const source = deps.litellmApp ?? 'key_alias';
        const summary = await ingestTranslated(deps.ingest, parsed.records, (v) => translatePayload(v, source));
        deps.metrics?.integrationRecords('litellm', 'failed', summary.failed);
        deps.metrics?.integrationRecords('litellm', 'skipped', summary.skipped);
        return sendJson(reply, 200, { data: summary });
      },
    );
  });
  onlyMethods(app, url, ['POST']);
}
