import { describe, expect, it } from "vitest";
import type { RouteTable } from "@rollgate/client";
import { tableAt, type RouteState } from "./history";

const live: RouteTable = {
  model: "support-reply",
  epoch: 9,
  stable: { version: "v2" },
  candidate: { version: "v3", percent: 25 },
  mode: "canary",
  pins: { acme: "v2" },
  updatedAt: "2026-12-04T10:00:00.000Z",
};

const history: RouteState[] = [
  { at: 0, stable: "v2", candidate: null, mode: "canary" },
  { at: 100, stable: "v2", candidate: { version: "v3", percent: 5 }, mode: "canary" },
  { at: 200, stable: "v2", candidate: { version: "v3", percent: 10 }, mode: "canary" },
  { at: 300, stable: "v2", candidate: { version: "v3", percent: 25 }, mode: "canary" },
];

describe("tableAt", () => {
  it("routes a past request by the split of its moment, keeping today's pins", () => {
    expect(tableAt(live, history, 50)).toMatchObject({ stable: { version: "v2" }, candidate: null, pins: { acme: "v2" } });
    expect(tableAt(live, history, 150)?.candidate).toEqual({ version: "v3", percent: 5 });
    expect(tableAt(live, history, 299)?.candidate).toEqual({ version: "v3", percent: 10 });
  });

  it("leaves requests after the last change, or without history, to the live table", () => {
    expect(tableAt(live, history, 300)).toBeNull();
    expect(tableAt(live, [], 50)).toBeNull();
    expect(tableAt(live, undefined, 50)).toBeNull();
  });
});
