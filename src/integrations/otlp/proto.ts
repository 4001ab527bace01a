/**
 * OTLP/HTTP protobuf decoding and encoding, by protobufjs. The message types are described here as a
 * protobufjs JSON descriptor holding only the fields taskshare reads (protobuf skips unknown fields, so
 * every other field of the OTLP messages is decoded past, not lost). Field numbers are OTLP's
 * (opentelemetry-proto: collector/trace/v1, trace/v1, common/v1, resource/v1; and google.rpc.Status).
 */
import protobuf from 'protobufjs';
import type { OtlpRequest, OtlpSpan } from './model.ts';
import { attributesFrom } from './values.ts';

const field = (type: string, id: number, rule?: 'repeated') => (rule ? { type, id, rule } : { type, id });

const root = protobuf.Root.fromJSON({
  nested: {
    otlp: {
      nested: {
        ExportTraceServiceRequest: { fields: { resourceSpans: field('ResourceSpans', 1, 'repeated') } },
        ExportTraceServiceResponse: { fields: { partialSuccess: field('ExportTracePartialSuccess', 1) } },
        ExportTracePartialSuccess: { fields: { rejectedSpans: field('int64', 1), errorMessage: field('string', 2) } },
        ResourceSpans: { fields: { resource: field('Resource', 1), scopeSpans: field('ScopeSpans', 2, 'repeated') } },
        Resource: { fields: { attributes: field('KeyValue', 1, 'repeated') } },
        ScopeSpans: { fields: { spans: field('Span', 2, 'repeated') } },
        Span: {
          fields: {
            traceId: field('bytes', 1),
            spanId: field('bytes', 2),
            name: field('string', 5),
            startTimeUnixNano: field('fixed64', 7),
            attributes: field('KeyValue', 9, 'repeated'),
            events: field('SpanEvent', 11, 'repeated'),
            status: field('Status', 15),
          },
        },
        SpanEvent: { fields: { name: field('string', 2), attributes: field('KeyValue', 3, 'repeated') } },
        Status: { fields: { message: field('string', 2), code: field('int32', 3) } },
        KeyValue: { fields: { key: field('string', 1), value: field('AnyValue', 2) } },
        AnyValue: {
          oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
          fields: {
            stringValue: field('string', 1),
            boolValue: field('bool', 2),
            intValue: field('int64', 3),
            doubleValue: field('double', 4),
            arrayValue: field('ArrayValue', 5),
            kvlistValue: field('KeyValueList', 6),
            bytesValue: field('bytes', 7),
          },
        },
        ArrayValue: { fields: { values: field('AnyValue', 1, 'repeated') } },
        KeyValueList: { fields: { values: field('KeyValue', 1, 'repeated') } },
        RpcStatus: { fields: { code: field('int32', 1), message: field('string', 2) } },
      },
    },
  },
});

const Request = root.lookupType('otlp.ExportTraceServiceRequest');
const Response = root.lookupType('otlp.ExportTraceServiceResponse');
const RpcStatus = root.lookupType('otlp.RpcStatus');

/** The decoded message as plain objects: int64s as decimal strings, bytes as Uint8Array. */
interface ProtoKeyValue {
  key?: string;
  value?: Record<string, unknown>;
}
interface ProtoSpan {
  spanId?: Uint8Array;
  traceId?: Uint8Array;
  name?: string;
  startTimeUnixNano?: string;
  attributes?: ProtoKeyValue[];
  events?: Array<{ name?: string; attributes?: ProtoKeyValue[] }>;
  status?: { code?: number };
}
interface ProtoRequest {
  resourceSpans?: Array<{ resource?: { attributes?: ProtoKeyValue[] }; scopeSpans?: Array<{ spans?: ProtoSpan[] }> }>;
}

const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex') : '');

/** Decodes an ExportTraceServiceRequest; throws on bytes that are not one. */
export function decodeProtobuf(body: Uint8Array): OtlpRequest {
  const message = Request.toObject(Request.decode(body), { longs: String, oneofs: false }) as ProtoRequest;
  const spans: OtlpSpan[] = [];
  for (const rs of message.resourceSpans ?? []) {
    const resource = attributesFrom(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          name: s.name ?? '',
          startTimeUnixNano: s.startTimeUnixNano ?? '0',
          attributes: attributesFrom(s.attributes),
          events: (s.events ?? []).map((e) => ({ name: e.name ?? '', attributes: attributesFrom(e.attributes) })),
          statusCode: s.status?.code ?? 0,
          resource,
        });
      }
    }
  }
  return { spans };
}

/** An ExportTraceServiceResponse; `partial_success` only when something was rejected or needs saying. */
export function encodeResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  const partial = rejectedSpans > 0 || errorMessage !== '' ? { partialSuccess: { rejectedSpans, errorMessage } } : {};
  return Response.encode(Response.fromObject(partial)).finish();
}

/** A google.rpc.Status, the body OTLP/HTTP receivers answer a protobuf request's error with. */
export function encodeStatus(code: number, message: string): Uint8Array {
  return RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish();
}
