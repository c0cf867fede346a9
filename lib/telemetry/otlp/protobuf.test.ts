import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { spanToEvent } from "./mapping";
import { decodeTraceRequest, encodeTraceResponse } from "./protobuf";
import { OtlpDecodeError } from "./spans";

// tiny protobuf writer for the test's own messages
const varint = (n: number | bigint): number[] => {
  let v = BigInt(n);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
};
const field = (no: number, bytes: number[]) => [...varint((no << 3) | 2), ...varint(bytes.length), ...bytes];
const str = (no: number, s: string) => field(no, [...Buffer.from(s)]);
const fixed64 = (no: number, v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return [...varint((no << 3) | 1), ...b];
};
const kv = (key: string, value: number[]) => field(9, [...str(1, key), ...field(2, value)]);

describe("decodeTraceRequest", () => {
  it("reads spans with their attributes, times, status and the resource, skipping unknown fields", () => {
    const span = [
      ...field(1, [0xab, 0xcd]),
      ...field(2, [0x01, 0x02]),
      ...str(5, "POST /predict"),
      ...varint((6 << 3) | 0),
      ...varint(2),
      ...fixed64(7, 1_700_000_000_000_000_000n),
      ...fixed64(8, 1_700_000_000_042_000_000n),
      ...kv("rollgate.request_id", str(1, "r-1")),
      ...kv("rollgate.score", [...varint((4 << 3) | 1), ...Buffer.from(new Float64Array([0.75]).buffer)]),
      ...kv("gen_ai.usage.input_tokens", [...varint((3 << 3) | 0), ...varint(12)]),
      ...str(99, "a field from a newer protocol"),
      ...field(15, [...str(2, "boom"), ...varint((3 << 3) | 0), ...varint(2)]),
    ];
    const resource = field(1, field(1, [...str(1, "rollgate.model"), ...field(2, str(1, "fraud"))]));
    const request = Uint8Array.from(field(1, [...field(2, field(2, span)), ...resource]));
    const [s] = decodeTraceRequest(request);
    expect(s).toMatchObject({ traceId: "abcd", spanId: "0102", name: "POST /predict", kind: 2, statusCode: 2, statusMessage: "boom" });
    const event = spanToEvent(s!);
    expect(event).toMatchObject({
      request_id: "r-1",
      model: "fraud",
      outcome: "error",
      latency_ms: 42,
      score: 0.75,
      tokens: { input: 12, output: 0 },
    });
    expect(event.ts).toBe(1_700_000_000_000);
  });

  it("never throws anything but its own error on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeTraceRequest(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(OtlpDecodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("encodes an empty response for full success and partial success otherwise", () => {
    expect(encodeTraceResponse(0, "")).toEqual(new Uint8Array(0));
    expect([...encodeTraceResponse(1, "x")]).toEqual([0x0a, 5, 0x08, 1, 0x12, 1, 0x78]);
  });
});
