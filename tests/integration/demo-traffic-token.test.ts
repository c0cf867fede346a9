// The demo fleet's credentials: a fresh token at every demo start (its secret is shown only
// once), the previous one revoked, both audited; the token opens exactly what the fleet needs.
import { describe, expect, it } from "vitest";
import { authenticateToken } from "../../lib/auth/tokens";
import { DEMO_TRAFFIC_TOKEN, issueDemoTrafficToken } from "../../lib/demo/traffic/token";
import { testDb } from "./support/db";

describe("the demo-traffic token", () => {
  it("is replaced at every start: the new one works, the old one is revoked, and the audit trail says so", async () => {
    const first = await issueDemoTrafficToken(testDb());
    const second = await issueDemoTrafficToken(testDb());
    expect(second.revoked).toBeGreaterThanOrEqual(1);
    expect(second.secret).not.toBe(first.secret);

    const actor = await authenticateToken(testDb(), second.secret);
    expect(actor).toMatchObject({ type: "token", label: DEMO_TRAFFIC_TOKEN });
    expect([...(actor as { scopes: string[] }).scopes].sort()).toEqual(["routes:read", "telemetry:write"]);
    expect(await authenticateToken(testDb(), first.secret)).toBeNull();

    const active = await testDb().apiToken.findMany({ where: { name: DEMO_TRAFFIC_TOKEN, revokedAt: null }, select: { id: true } });
    expect(active).toEqual([{ id: second.id }]);
    const events = await testDb().auditEvent.findMany({
      where: { subjectId: { in: [first.id, second.id] } },
      select: { action: true, subjectId: true },
    });
    expect(events).toEqual(
      expect.arrayContaining([
        { action: "token.created", subjectId: first.id },
        { action: "token.revoked", subjectId: first.id },
        { action: "token.created", subjectId: second.id },
      ]),
    );
  });
});
