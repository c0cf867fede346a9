// The demo's customers: a few big tenants and a long tail, as a SaaS product's traffic looks.
import { pickIndex, type Rng } from "./random";

export const DEMO_TENANTS = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka"] as const;

/** Zipf-like shares: the k-th tenant gets 1/k^s of the traffic, normalised to sum to 1. */
export function zipfShares(n: number, s = 1): number[] {
  const raw = Array.from({ length: n }, (_, k) => 1 / Math.pow(k + 1, s));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / sum);
}

export type TenantMix = {
  tenants: readonly string[];
  shares: readonly number[];
  /** end users per tenant: the routing key, so a canary splits each tenant's users, not whole tenants */
  users: readonly number[];
};

/** Users scale with a tenant's share (at least 40, so even the smallest one is split by the canary). */
export function tenantMix(tenants: readonly string[] = DEMO_TENANTS, totalUsers = 4000): TenantMix {
  const shares = zipfShares(tenants.length);
  return { tenants, shares, users: shares.map((s) => Math.max(40, Math.round(s * totalUsers))) };
}

/** A tenant and one of its users (`acme-u17`): the routing key the client hashes. */
export function pickTenantUser(rng: Rng, mix: TenantMix): { tenant: string; key: string } {
  const i = pickIndex(rng, mix.shares);
  const tenant = mix.tenants[i]!;
  return { tenant, key: `${tenant}-u${Math.floor(rng() * mix.users[i]!)}` };
}
