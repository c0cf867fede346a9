import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeCallbackUrl("/models/fraud?tab=versions")).toBe("/models/fraud?tab=versions");
  });

  it("defaults to /models when missing", () => {
    expect(safeCallbackUrl(undefined)).toBe("/models");
    expect(safeCallbackUrl("")).toBe("/models");
  });

  it("refuses other sites and protocol-relative URLs", () => {
    expect(safeCallbackUrl("https://evil.example/x", "http://127.0.0.1:3000")).toBe("/models");
    expect(safeCallbackUrl("//evil.example/x")).toBe("/models");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/models");
    expect(safeCallbackUrl("javascript:alert(1)", "http://127.0.0.1:3000")).toBe("/models");
    expect(safeCallbackUrl("models")).toBe("/models");
  });

  it("turns an absolute URL on the same origin into its path", () => {
    expect(safeCallbackUrl("http://127.0.0.1:3000/audit?model=x", "http://127.0.0.1:3000")).toBe("/audit?model=x");
    expect(safeCallbackUrl("http://127.0.0.1:3000/audit")).toBe("/models");
  });

  it("never returns to the sign-in or setup pages", () => {
    expect(safeCallbackUrl("/sign-in?callbackUrl=/models")).toBe("/models");
    expect(safeCallbackUrl("/setup")).toBe("/models");
    expect(safeCallbackUrl("/settings")).toBe("/settings");
  });
});
