import { describe, expect, it } from "vitest";
import { EXAMPLE_EVENTS } from "../events/examples";
import { parseOutboxEvent, type OutboxEvent } from "../events/schemas";
import { viewOf } from "./event-view";
import { legacyViewOf } from "./legacy-view";
import { buildJsonBody, summarizeEvent } from "./payload";

const examples = Object.values(EXAMPLE_EVENTS) as OutboxEvent[];

// Values that reach the readers' edge cases: blank and long text, null, zero, each enum's other values.
const CANDIDATES: unknown[] = [
  "",
  "   ",
  `${"x".repeat(250)} end`,
  null,
  0,
  7.5,
  "guardrail",
  "token",
  "rejected",
  "blue_green",
  "shadow",
  [],
];

/** The example and every one-field change of it that still parses. */
function variants(e: OutboxEvent): OutboxEvent[] {
  const out: OutboxEvent[] = [e];
  const payload = e.payload as Record<string, unknown>;
  for (const key of Object.keys(payload)) {
    for (const value of CANDIDATES) {
      const parsed = parseOutboxEvent({ ...e, payload: { ...payload, [key]: value } });
      if (parsed) out.push(parsed);
    }
  }
  if ("reviewer" in payload) {
    for (const email of ["", " "]) {
      const parsed = parseOutboxEvent({ ...e, payload: { ...payload, reviewer: { id: "u_1", email } } });
      if (parsed) out.push(parsed);
    }
  }
  return out;
}

describe("the typed view of an event", () => {
  it.each(examples)("is, byte for byte, what $type's bodies always said", (example) => {
    const all = variants(example);
    expect(all.length).toBeGreaterThan(1);
    for (const e of all) {
      // the same keys in the same order: receivers may compare bodies as text
      expect(JSON.stringify(viewOf(e))).toBe(JSON.stringify(legacyViewOf(e)));
    }
  });

  it("names the versions, the actor and the incident of a rollback", () => {
    expect(viewOf(EXAMPLE_EVENTS["release.rolled_back"])).toEqual({
      model: "fraud-score",
      versions: { version: "2026-02-01.1", from: "2026-02-01.1", to: "2026-01-15.2", stable: "2026-01-15.2" },
      actor: { type: "token", label: "on-call@rollgate.example" },
      summary: "fraud-score rolled back 2026-02-01.1 → 2026-01-15.2 by on-call@rollgate.example: p95 breach",
      incidentId: "inc_1",
    });
  });

  it("says what each event is about", () => {
    expect(examples.map((e) => summarizeEvent(e))).toEqual([
      "fraud-score 2026-02-01.1 passed its evaluation gates and moved to STAGING; can approve: team Payments Risk (Risk Lead <risk-lead@example.com>)",
      "approver@rollgate.example approved fraud-score 2026-02-01.1 (1 of 2 approvals): recall holds on the hard segment",
      "fraud-score 2026-02-01.1 rejected by approver@rollgate.example: recall dropped",
      "fraud-score 2026-02-01.1 promoted to production (was 2026-01-15.2) by guardrail",
      "fraud-score 2025-12-01.1 deprecated by ops@rollgate.example, retires 2026-03-01: use 2026-02-01.1",
      "fraud-score 2025-12-01.1 archived by ops@rollgate.example",
      "fraud-score: canary of 2026-02-01.1 started at 5 % (stable 2026-01-15.2) by lead@rollgate.example",
      "fraud-score: 2026-02-01.1 advanced to 25 % of traffic by guardrail",
      "fraud-score: rollout of 2026-02-01.1 paused at 25 % by lead@rollgate.example: holding over the weekend",
      "fraud-score: rollout of 2026-02-01.1 resumed at 25 % by lead@rollgate.example",
      "fraud-score: rollout of 2026-02-01.1 aborted by lead@rollgate.example; 2026-01-15.2 keeps all traffic: wrong features",
      "fraud-score: 2026-02-01.1 is now stable at 100 %, replacing 2026-01-15.2 by lead@rollgate.example",
      "fraud-score rolled back 2026-02-01.1 → 2026-01-15.2 by on-call@rollgate.example: p95 breach",
      "release.held on fraud-score",
      "fraud-score: tenant acme pinned to 2026-01-15.2 by ops@rollgate.example: contract freeze",
      "fraud-score: tenant acme unpinned from 2026-01-15.2 by ops@rollgate.example",
      "fraud-score: drift detected for tenant acme on amount (PSI 0.311)",
      "Audit trail checkpoint: event #1200 (1200 events), signed with key k_2026",
      'Test delivery from Rollgate to webhook "ops-alerts", sent by admin@rollgate.example',
    ]);
  });
});

describe("a stored row that does not parse", () => {
  it("is read field by field, as rows always were: an early version.promoted names its approvers", () => {
    const { by: _by, ...rest } = EXAMPLE_EVENTS["version.promoted"].payload;
    const row = {
      id: 9n,
      type: "version.promoted",
      modelKey: "fraud-score",
      createdAt: new Date("2026-02-01T10:00:00.000Z"),
      payload: { ...rest, approvedBy: ["a@x.test", "b@x.test"] },
    };
    expect(parseOutboxEvent(row)).toBeNull();
    expect(buildJsonBody(row, "https://rollgate.example.com")).toMatchObject({
      model: "fraud-score",
      versions: { version: "2026-02-01.1", previousStable: "2026-01-15.2" },
      actor: { type: "user", label: "a@x.test, b@x.test" },
      summary: "fraud-score 2026-02-01.1 promoted to production (was 2026-01-15.2), approved by a@x.test, b@x.test",
      data: row.payload,
    });
  });

  it("keeps what it has when fields are missing or of another type", () => {
    const row = { type: "tenant.pinned", modelKey: "m", payload: { tenant: 42, version: "v1", by: "ops" } };
    expect(parseOutboxEvent(row)).toBeNull();
    expect(summarizeEvent(row)).toBe("m: tenant 42 pinned to v1 by ops");
  });
});
