/**
 * A protobuf wire-format reader for the subset of `ExportTraceServiceRequest`
 * (opentelemetry/proto/collector/trace/v1) Rollgate uses, and the writer of its response.
 * Unknown fields are skipped by wire type, as protobuf requires; anything malformed (a length
 * past the end, a bad wire type, a varint over 10 bytes, nesting past 32 levels) is an
 * OtlpDecodeError, never another exception.
 */
import { OtlpDecodeError, type AttrValue, type OtlpSpan } from "./spans";

const MAX_DEPTH = 32;

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }
  done(): boolean {
    return this.pos >= this.end;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new OtlpDecodeError("truncated varint");
      const b = this.buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new OtlpDecodeError("varint longer than 10 bytes");
  }
  uint(): number {
    const v = this.varint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new OtlpDecodeError("length too large");
    return Number(v);
  }
  fixed64(): bigint {
    if (this.pos + 8 > this.end) throw new OtlpDecodeError("truncated fixed64");
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getBigUint64(0, true);
  }
  double(): number {
    if (this.pos + 8 > this.end) throw new OtlpDecodeError("truncated double");
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }
  bytes(): Reader {
    const len = this.uint();
    if (this.pos + len > this.end) throw new OtlpDecodeError("length past the end of the message");
    const sub = new Reader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return sub;
  }
  string(): string {
    const r = this.bytes();
    return new TextDecoder().decode(this.buf.subarray(r.pos, r.end));
  }
  hex(): string {
    const r = this.bytes();
    return Buffer.from(this.buf.subarray(r.pos, r.end)).toString("hex");
  }
  skip(wire: number): void {
    switch (wire) {
      case 0:
        this.varint();
        return;
      case 1:
        if (this.pos + 8 > this.end) throw new OtlpDecodeError("truncated field");
        this.pos += 8;
        return;
      case 2:
        this.bytes();
        return;
      case 5:
        if (this.pos + 4 > this.end) throw new OtlpDecodeError("truncated field");
        this.pos += 4;
        return;
      default:
        throw new OtlpDecodeError(`unsupported wire type ${wire}`);
    }
  }
  /** calls `field` for each field; it returns false for the fields it does not read */
  each(fn: (no: number, wire: number) => boolean): void {
    while (!this.done()) {
      const tag = this.uint();
      const no = tag >>> 3;
      const wire = tag & 7;
      if (no === 0) throw new OtlpDecodeError("field number 0");
      if (!fn(no, wire)) this.skip(wire);
    }
  }
}

function expect(wire: number, want: number, what: string): void {
  if (wire !== want) throw new OtlpDecodeError(`${what} has wire type ${wire}, expected ${want}`);
}

function anyValue(r: Reader, depth: number): AttrValue {
  if (depth > MAX_DEPTH) throw new OtlpDecodeError("attribute values nested too deeply");
  let value: AttrValue = null;
  r.each((no, wire) => {
    if (no === 1 && wire === 2) value = r.string();
    else if (no === 2 && wire === 0) value = r.varint() !== 0n;
    else if (no === 3 && wire === 0) value = Number(BigInt.asIntN(64, r.varint()));
    else if (no === 4 && wire === 1) value = r.double();
    else if (no === 5 && wire === 2) {
      const arr = r.bytes();
      const values: AttrValue[] = [];
      arr.each((n, w) => {
        if (n !== 1) return false;
        expect(w, 2, "array value");
        values.push(anyValue(arr.bytes(), depth + 1));
        return true;
      });
      value = values;
    } else return false;
    return true;
  });
  return value;
}

function keyValue(r: Reader, into: Map<string, AttrValue>): void {
  let key = "";
  let value: AttrValue = null;
  r.each((no, wire) => {
    if (no === 1) {
      expect(wire, 2, "attribute key");
      key = r.string();
    } else if (no === 2) {
      expect(wire, 2, "attribute value");
      value = anyValue(r.bytes(), 0);
    } else return false;
    return true;
  });
  if (key) into.set(key, value);
}

function span(r: Reader, resource: Map<string, AttrValue>): OtlpSpan {
  const s: OtlpSpan = {
    traceId: "",
    spanId: "",
    name: "",
    kind: 0,
    startNs: 0n,
    endNs: 0n,
    attributes: new Map(),
    statusCode: 0,
    statusMessage: "",
    resource,
  };
  r.each((no, wire) => {
    switch (no) {
      case 1:
        expect(wire, 2, "trace_id");
        s.traceId = r.hex();
        return true;
      case 2:
        expect(wire, 2, "span_id");
        s.spanId = r.hex();
        return true;
      case 5:
        expect(wire, 2, "name");
        s.name = r.string();
        return true;
      case 6:
        expect(wire, 0, "kind");
        s.kind = r.uint();
        return true;
      case 7:
        expect(wire, 1, "start_time_unix_nano");
        s.startNs = r.fixed64();
        return true;
      case 8:
        expect(wire, 1, "end_time_unix_nano");
        s.endNs = r.fixed64();
        return true;
      case 9:
        expect(wire, 2, "attributes");
        keyValue(r.bytes(), s.attributes);
        return true;
      case 15: {
        expect(wire, 2, "status");
        const st = r.bytes();
        st.each((n, w) => {
          if (n === 2 && w === 2) s.statusMessage = st.string();
          else if (n === 3 && w === 0) s.statusCode = st.uint();
          else return false;
          return true;
        });
        return true;
      }
      default:
        return false;
    }
  });
  return s;
}

/** The spans of an `ExportTraceServiceRequest` in protobuf. */
export function decodeTraceRequest(buf: Uint8Array): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  const top = new Reader(buf);
  top.each((no, wire) => {
    if (no !== 1) return false;
    expect(wire, 2, "resource_spans");
    const rs = top.bytes();
    const resource = new Map<string, AttrValue>();
    const scopes: Reader[] = [];
    rs.each((n, w) => {
      if (n === 1) {
        expect(w, 2, "resource");
        const res = rs.bytes();
        res.each((k, kw) => {
          if (k !== 1) return false;
          expect(kw, 2, "resource attributes");
          keyValue(res.bytes(), resource);
          return true;
        });
      } else if (n === 2) {
        expect(w, 2, "scope_spans");
        scopes.push(rs.bytes());
      } else return false;
      return true;
    });
    // the resource may come after its scope spans on the wire: read the spans once it is known
    for (const ss of scopes) {
      ss.each((n, w) => {
        if (n !== 2) return false;
        expect(w, 2, "span");
        spans.push(span(ss.bytes(), resource));
        return true;
      });
    }
    return true;
  });
  return spans;
}

// ---------------------------------------------------------------------------------------------
// ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1 }
// ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2 }

function varintBytes(v: number): number[] {
  const out: number[] = [];
  let n = BigInt(v);
  while (n >= 0x80n) {
    out.push(Number((n & 0x7fn) | 0x80n));
    n >>= 7n;
  }
  out.push(Number(n));
  return out;
}

export function encodeTraceResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  if (rejectedSpans === 0 && errorMessage === "") return new Uint8Array(0);
  const msg = new TextEncoder().encode(errorMessage);
  const inner = [
    ...(rejectedSpans > 0 ? [0x08, ...varintBytes(rejectedSpans)] : []),
    ...(msg.length > 0 ? [0x12, ...varintBytes(msg.length), ...msg] : []),
  ];
  return Uint8Array.from([0x0a, ...varintBytes(inner.length), ...inner]);
}
