/**
 * The one model both OTLP encodings decode into (as the Collector's receivers turn protobuf and JSON
 * into the same pdata): spans with their attributes as plain JavaScript values.
 */
export interface OtlpSpan {
  /** Lowercase hex, as OTLP/JSON writes them. */
  traceId: string;
  spanId: string;
  name: string;
  /** Decimal string: a fixed64 does not fit a double. */
  startTimeUnixNano: string;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  /** The resource's attributes (service.name, ...). */
  resource: Record<string, unknown>;
}

export interface OtlpRequest {
  spans: OtlpSpan[];
}
