// Which version serves a request, from a routing table (docs/api.md → Routing). Pure and shared:
// the data plane's /resolve and the client library's local resolve run this same function.
import { bucketOf, candidateThreshold } from "./bucket.js";

export class RoutingError extends Error {
  /** @param {"no_stable" | "no_routing_key" | "no_table"} code */
  constructor(code, message) {
    super(message);
    this.name = "RoutingError";
    this.code = code;
  }
}

const given = (v) => typeof v === "string" && v.length > 0;

/**
 * Order: a tenant pin wins; then the split by sticky bucket of (model, key) — the key is the
 * tenant when no key is given. Canary and blue-green send the candidate's share to the
 * candidate. Shadow serves stable to everyone and names the candidate as `shadowVersion` for
 * the share of requests (candidate.percent) whose copy goes to it.
 */
export function resolve(table, request = {}) {
  const { tenant, key } = request;
  if (given(tenant) && table.pins && Object.hasOwn(table.pins, tenant)) {
    const pinned = table.pins[tenant];
    if (given(pinned)) return { version: pinned, reason: "pin" };
  }
  const stable = table.stable && table.stable.version;
  if (!given(stable)) {
    throw new RoutingError("no_stable", `Model "${table.model}" has no stable version to route to.`);
  }
  const routingKey = given(key) ? key : given(tenant) ? tenant : null;
  if (routingKey === null) {
    throw new RoutingError("no_routing_key", "Give a routing key (key) or a tenant to route by.");
  }
  const candidate = table.candidate;
  if (!candidate || !given(candidate.version)) return { version: stable, reason: "stable" };
  if (bucketOf(table.model, routingKey) >= candidateThreshold(candidate.percent)) return { version: stable, reason: "stable" };
  if (table.mode === "shadow") return { version: stable, reason: "shadow", shadowVersion: candidate.version };
  return { version: candidate.version, reason: "candidate" };
}
