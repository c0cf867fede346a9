// The demo fleet's API token. Its secret is shown only once, at creation, so every demo start
// makes a fresh one and revokes the ones before it; both go through the tokens service, so
// the audit trail says when the demo traffic got its credentials.
import { systemActor } from "../../auth/actor";
import type { TokenScope } from "../../auth/permissions";
import { createToken, listTokens, revokeToken } from "../../auth/tokens-service";
import type { Db } from "../../database/types";

export const DEMO_TRAFFIC_TOKEN = "demo-traffic";
export const DEMO_TRAFFIC_SCOPES: TokenScope[] = ["routes:read", "telemetry:write"];

/** A new demo-traffic token (its secret), after which the previous active ones are revoked. */
export async function issueDemoTrafficToken(db: Db): Promise<{ secret: string; id: string; revoked: number }> {
  const actor = systemActor("demo traffic");
  const before = (await listTokens(db)).filter((t) => t.name === DEMO_TRAFFIC_TOKEN && t.status === "active");
  // the new token exists before the old ones go, so there is no moment without one
  const { secret, token } = await createToken(db, actor, { name: DEMO_TRAFFIC_TOKEN, scopes: DEMO_TRAFFIC_SCOPES, expiresInDays: 30 });
  for (const t of before) await revokeToken(db, actor, { id: t.id });
  return { secret, id: token.id, revoked: before.length };
}
