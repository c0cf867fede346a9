// The JavaScript client's replay helper, as a service imports it.
import { describe, expect, it } from "vitest";
import { MAX_REPLAY_FIELD_BYTES, replayFields } from "@rollgate/client";

describe("replayFields", () => {
  it("passes objects within the limit and names the field that is not", () => {
    expect(replayFields({ amount: 12 })).toEqual({ input: { amount: 12 } });
    expect(replayFields({ amount: 12 }, { label: "ok" })).toEqual({ input: { amount: 12 }, output: { label: "ok" } });
    expect(() => replayFields({ a: 1 }, { text: "x".repeat(MAX_REPLAY_FIELD_BYTES) })).toThrow(
      /^replayFields: output is \d+ bytes as JSON; the limit is 16384 bytes$/,
    );
    expect(() => replayFields(["no"] as unknown as Record<string, unknown>)).toThrow("replayFields: input must be a JSON object");
  });
});
