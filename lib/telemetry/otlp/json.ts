/**
 * The OTLP/JSON encoding of `ExportTraceServiceRequest`: camelCase fields, trace and span ids in
 * hex, 64-bit integers as strings or numbers, enums as numbers (the OpenTelemetry protocol's
 * JSON mapping). A value of the wrong shape is an OtlpDecodeError naming where it is.
 */
import { OtlpDecodeError, type AttrValue, type OtlpSpan } from "./spans";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${where} must be an array`);
  return v;
}

function uint64(v: unknown, where: string): bigint {
  if (v === undefined || v === null) return 0n;
  if ((typeof v === "string" && /^\d{1,20}$/.test(v)) || (typeof v === "number" && Number.isInteger(v) && v >= 0)) return BigInt(v);
  throw new OtlpDecodeError(`${where} must be an unsigned integer (nanoseconds), as a string or a number`);
}

function anyValue(v: unknown, where: string, depth = 0): AttrValue {
  if (depth > 32) throw new OtlpDecodeError(`${where} is nested too deeply`);
  if (!isObj(v)) return null;
  if (typeof v.stringValue === "string") return v.stringValue;
  if (typeof v.boolValue === "boolean") return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    if (!Number.isFinite(n)) throw new OtlpDecodeError(`${where}.intValue must be an integer`);
    return n;
  }
  if (v.doubleValue !== undefined) {
    const n = Number(v.doubleValue);
    if (Number.isNaN(n) && v.doubleValue !== "NaN") throw new OtlpDecodeError(`${where}.doubleValue must be a number`);
    return n;
  }
  if (isObj(v.arrayValue))
    return list(v.arrayValue.values, `${where}.arrayValue.values`).map((x, i) => anyValue(x, `${where}[${i}]`, depth + 1));
  return null;
}

function attributes(v: unknown, where: string): Map<string, AttrValue> {
  const out = new Map<string, AttrValue>();
  list(v, where).forEach((kv, i) => {
    if (!isObj(kv) || typeof kv.key !== "string") throw new OtlpDecodeError(`${where}[${i}] must be {key, value}`);
    out.set(kv.key, anyValue(kv.value, `${where}[${i}].value`));
  });
  return out;
}

const text = (v: unknown) => (typeof v === "string" ? v : "");

export function decodeTraceJson(body: unknown): OtlpSpan[] {
  if (!isObj(body)) throw new OtlpDecodeError("the body must be an ExportTraceServiceRequest object");
  const spans: OtlpSpan[] = [];
  list(body.resourceSpans, "resourceSpans").forEach((rs, i) => {
    if (!isObj(rs)) throw new OtlpDecodeError(`resourceSpans[${i}] must be an object`);
    const resource = attributes(isObj(rs.resource) ? rs.resource.attributes : undefined, `resourceSpans[${i}].resource.attributes`);
    list(rs.scopeSpans, `resourceSpans[${i}].scopeSpans`).forEach((ss, j) => {
      if (!isObj(ss)) throw new OtlpDecodeError(`resourceSpans[${i}].scopeSpans[${j}] must be an object`);
      list(ss.spans, `resourceSpans[${i}].scopeSpans[${j}].spans`).forEach((sp, k) => {
        const where = `resourceSpans[${i}].scopeSpans[${j}].spans[${k}]`;
        if (!isObj(sp)) throw new OtlpDecodeError(`${where} must be an object`);
        const status = isObj(sp.status) ? sp.status : {};
        spans.push({
          traceId: text(sp.traceId).toLowerCase(),
          spanId: text(sp.spanId).toLowerCase(),
          name: text(sp.name),
          kind: Number(sp.kind ?? 0) || 0,
          startNs: uint64(sp.startTimeUnixNano, `${where}.startTimeUnixNano`),
          endNs: uint64(sp.endTimeUnixNano, `${where}.endTimeUnixNano`),
          attributes: attributes(sp.attributes, `${where}.attributes`),
          statusCode: Number(status.code ?? 0) || 0,
          statusMessage: text(status.message),
          resource,
        });
      });
    });
  });
  return spans;
}
