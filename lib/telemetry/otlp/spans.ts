/** The part of an OTLP trace export Rollgate reads, the same whether it came as protobuf or JSON. */

export type AttrValue = string | number | boolean | AttrValue[] | null;

export type OtlpSpan = {
  traceId: string;
  spanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer (0 unspecified) */
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Map<string, AttrValue>;
  /** 0 unset, 1 ok, 2 error */
  statusCode: number;
  statusMessage: string;
  /** the attributes of the resource that emitted it (service.name, and possibly rollgate.model) */
  resource: Map<string, AttrValue>;
};

export class OtlpDecodeError extends Error {}
