import { describe, expect, it } from "vitest";
import { auditApiQuerySchema, auditFilterSchema, isActionPrefix, parseTimeBound, pickAuditFilter, searchParamsObject } from "./schemas";

const issuesOf = (input: Record<string, string>) => {
  const r = auditApiQuerySchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("audit filter: from / to", () => {
  it("takes a date as a whole UTC day, both ends inclusive", () => {
    const q = auditFilterSchema.parse({ from: "2026-11-23", to: "2026-11-23" });
    expect(q.from?.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(q.to?.toISOString()).toBe("2026-11-23T23:59:59.999Z");
  });

  it("takes date-times with Z or an offset, to the millisecond", () => {
    const q = auditFilterSchema.parse({ from: "2026-11-23T10:00:00+02:00", to: "2026-11-23T10:30:15.1239Z" });
    expect(q.from?.toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(q.to?.toISOString()).toBe("2026-11-23T10:30:15.123Z");
    expect(auditFilterSchema.parse({ from: "2026-11-23T10:00Z" }).from?.toISOString()).toBe("2026-11-23T10:00:00.000Z");
  });

  it("names the field of a bad bound", () => {
    expect(issuesOf({ from: "yesterday" })).toEqual([{ path: "from", message: expect.stringMatching(/ISO date/) }]);
    expect(issuesOf({ to: "2026-02-30" })).toEqual([{ path: "to", message: "2026-02-30 is not a calendar date" }]);
    expect(issuesOf({ from: "2026-11-23T24:00:00Z" })).toEqual([{ path: "from", message: expect.stringMatching(/time of day/) }]);
  });

  it("refuses a date-time without a zone instead of guessing one", () => {
    expect(issuesOf({ from: "2026-11-23T10:00:00" })).toEqual([{ path: "from", message: expect.stringMatching(/needs a time zone/) }]);
  });

  it("refuses a range that ends before it starts, on `to`", () => {
    expect(issuesOf({ from: "2026-11-24", to: "2026-11-23" })).toEqual([{ path: "to", message: "must not be before from" }]);
  });

  it("parseTimeBound accepts leap days only in leap years", () => {
    expect(parseTimeBound("2024-02-29", false)).toEqual(new Date("2024-02-29T00:00:00Z"));
    expect(parseTimeBound("2026-02-29", false)).toBe("2026-02-29 is not a calendar date");
  });
});

describe("audit filter: model, actor, action", () => {
  it("treats empty form fields as absent", () => {
    const q = auditApiQuerySchema.parse({ from: "", to: " ", model: "", actor: "", action: "", format: "", limit: "" });
    expect(pickAuditFilter(q)).toEqual({});
    expect(q.format).toBe("json");
    expect(q.limit).toBeUndefined();
  });

  it("keeps exact actions and normalises prefixes (version. and version.* alike)", () => {
    expect(auditFilterSchema.parse({ action: "version.registered" }).action).toBe("version.registered");
    expect(auditFilterSchema.parse({ action: "version." }).action).toBe("version.");
    expect(auditFilterSchema.parse({ action: "version.*" }).action).toBe("version.");
    expect(isActionPrefix("version.")).toBe(true);
    expect(isActionPrefix("version.registered")).toBe(false);
  });

  it("refuses an action that is not an action name", () => {
    expect(issuesOf({ action: "version registered" })[0]?.path).toBe("action");
    expect(issuesOf({ action: "*" })[0]?.path).toBe("action");
    expect(issuesOf({ action: "a".repeat(101) })[0]).toEqual({ path: "action", message: "must be at most 100 characters" });
  });

  it("trims model and actor", () => {
    expect(pickAuditFilter(auditFilterSchema.parse({ model: " fraud-scorer ", actor: "ci " }))).toEqual({
      model: "fraud-scorer",
      actor: "ci",
    });
  });
});

describe("audit API query: format, cursor, limit", () => {
  it("accepts the three formats and refuses others", () => {
    for (const f of ["json", "ndjson", "csv"]) expect(auditApiQuerySchema.parse({ format: f }).format).toBe(f);
    expect(issuesOf({ format: "xml" })).toEqual([{ path: "format", message: "must be one of json, ndjson, csv" }]);
  });

  it("bounds limit to 1..500 whole numbers", () => {
    expect(auditApiQuerySchema.parse({ limit: "500" }).limit).toBe(500);
    expect(issuesOf({ limit: "501" })).toEqual([{ path: "limit", message: "must be at most 500" }]);
    expect(issuesOf({ limit: "0" })).toEqual([{ path: "limit", message: "must be at least 1" }]);
    expect(issuesOf({ limit: "2.5" })).toEqual([{ path: "limit", message: "must be a whole number" }]);
    expect(issuesOf({ limit: "ten" })).toEqual([{ path: "limit", message: "must be a whole number" }]);
  });

  it("takes a cursor only as a sequence number", () => {
    expect(auditApiQuerySchema.parse({ cursor: "1234" }).cursor).toBe("1234");
    expect(issuesOf({ cursor: "abc" })[0]?.path).toBe("cursor");
    // past a 64-bit seq: refused here rather than failing in the database
    expect(issuesOf({ cursor: "9999999999999999999" })[0]?.path).toBe("cursor");
  });

  it("reports every bad field at once", () => {
    expect(
      issuesOf({ from: "x", format: "xml", limit: "9999", action: "a b" })
        .map((i) => i.path)
        .sort(),
    ).toEqual(["action", "format", "from", "limit"]);
  });
});

describe("searchParamsObject", () => {
  it("flattens URLSearchParams and Next's searchParams (last value wins)", () => {
    expect(searchParamsObject(new URLSearchParams("model=a&model=b&format=csv"))).toEqual({ model: "b", format: "csv" });
    expect(searchParamsObject({ model: ["a", "b"], actor: undefined, action: "x." })).toEqual({ model: "b", action: "x." });
  });
});
