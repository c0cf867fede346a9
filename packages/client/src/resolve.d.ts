/** A model's routing table, as GET /api/v1/models/{model}/routes returns it (README → Routing for inference services). */
export type RouteTable = {
  model: string;
  /** bumped by every change; the ETag is `"<epoch>"` */
  epoch: number;
  stable: { version: string };
  /** percent of routing keys (0..100, two decimals); null when no rollout is running */
  candidate: { version: string; percent: number } | null;
  mode: "canary" | "blue_green" | "shadow";
  /** tenant → version; a pin wins over the split */
  pins: Record<string, string>;
  /** ISO 8601 */
  updatedAt: string;
};

export type RouteRequest = {
  /** the tenant: pins match it, and it is the routing key when no key is given */
  tenant?: string | null;
  /** the sticky routing key, e.g. a user or session id */
  key?: string | null;
};

export type RouteDecision = {
  version: string;
  reason: "pin" | "candidate" | "stable" | "shadow";
  /** in shadow mode: the version that receives a copy of this request (its answer is discarded) */
  shadowVersion?: string;
};

export declare class RoutingError extends Error {
  readonly code: "no_stable" | "no_routing_key" | "no_table";
  constructor(code: RoutingError["code"], message: string);
}

/** The version that serves this request; throws RoutingError without a stable version or routing key. */
export declare function resolve(table: RouteTable, request?: RouteRequest): RouteDecision;
