/**
 * The demo's replay data: a week of fraud-score's captured production requests, already
 * scrubbed as its policy says (email dropped, customer_id hashed), frozen into a named set
 * through the same freezeReplaySet CI calls, and the replay CI would attach to the waiting
 * version's evaluation: the set's id and hash, agreement per tenant and the worst disagreements.
 *
 * The capture path writes ReplayRecord rows from live telemetry; the seed invents no telemetry
 * (./traffic reports it through the API), so these rows are written here, as capture would have
 * left them: each raw request goes through the model's own scrub rules under the installation's
 * key before it is written.
 */
import type { Actor } from "../auth/actor";
import { sha256Hex } from "../audit/canonical";
import { currentTime } from "../clock";
import type { Db } from "../database/types";
import type { ReplayResult } from "../lifecycle";
import { freezeReplaySet, getReplaySet, loadScrubKey, replayRulesOf, scrubCapture, scrubHasher } from "../replay/server";

/** Requests captured per tenant over the week: the shares of the demo traffic's biggest tenants. */
const CAPTURED: Record<string, { records: number; disagreePerMille: number }> = {
  acme: { records: 1400, disagreePerMille: 4 },
  globex: { records: 700, disagreePerMille: 6 },
  initech: { records: 460, disagreePerMille: 9 },
  umbrella: { records: 350, disagreePerMille: 31 },
  hooli: { records: 90, disagreePerMille: 12 },
};
const CATEGORIES = ["grocery", "travel", "electronics", "fuel", "restaurants", "online_gaming"];
const COUNTRIES = ["DE", "FR", "NL", "US", "GB", "ES"];
const DAY = 86_400_000;
const MAX_DISAGREEMENTS = 20;

/** A number in [0, 1) from a label: the demo's data is the same on every run. */
const unit = (label: string) => parseInt(sha256Hex(label).slice(0, 8), 16) / 2 ** 32;

function capturedRequest(modelId: string, version: string, tenant: string, i: number, now: number) {
  const id = `demo-fraud-${tenant}-${String(i).padStart(5, "0")}`;
  const ts = new Date(now - 7 * DAY + Math.floor(unit(`${id}:ts`) * 7 * DAY));
  const score = Math.round(unit(`${id}:score`) ** 3 * 1000) / 1000;
  return {
    modelId,
    requestId: id,
    tenant,
    version,
    ts,
    day: new Date(ts.toISOString().slice(0, 10)),
    input: {
      amount_eur: Math.round(unit(`${id}:amount`) ** 2 * 250_000) / 100,
      merchant_category: CATEGORIES[Math.floor(unit(`${id}:mcc`) * CATEGORIES.length)],
      country: COUNTRIES[Math.floor(unit(`${id}:country`) * COUNTRIES.length)],
      card_present: unit(`${id}:present`) < 0.6,
      device_age_days: Math.floor(unit(`${id}:device`) * 900),
      customer_id: `cus_${tenant}_${i % 300}`,
      email: `customer${i % 300}@${tenant}.example`,
    } as Record<string, unknown>,
    output: { label: score >= 0.94 ? "block" : score >= 0.65 ? "review" : "approve", score } as Record<string, unknown>,
    scrubbed: [] as string[],
    receivedAt: ts,
  };
}

/** The candidate's answer where the demo says it differs: one step along approve → review → block. */
function candidateOutput(output: { label: string; score: number }): { label: string; score: number } {
  if (output.label === "approve") return { label: "review", score: Math.min(0.999, Math.round((output.score + 0.41) * 1000) / 1000) };
  return { label: "approve", score: Math.round(output.score * 0.55 * 1000) / 1000 };
}

/**
 * Seeds the week of captured requests (once), freezes `name` over it, and returns the replay of
 * the candidate against `baselineVersion` over the set, as `rollgate replay compare` prints it.
 */
export async function demoReplay(
  db: Db,
  ci: Actor,
  opts: { modelKey: string; name: string; baselineVersion: string },
): Promise<ReplayResult> {
  const model = await db.model.findUniqueOrThrow({ where: { key: opts.modelKey }, select: { id: true, policy: true } });
  const existing = await db.replaySet.findFirst({ where: { modelId: model.id, name: opts.name }, select: { id: true } });
  if (!existing) {
    const now = currentTime().getTime();
    const rules = replayRulesOf((model.policy as { replay?: unknown } | null)?.replay)?.scrub ?? [];
    const hash = scrubHasher(await loadScrubKey((text, params) => db.$queryRawUnsafe(text, ...(params ?? []))));
    const rows = Object.entries(CAPTURED).flatMap(([tenant, c]) =>
      Array.from({ length: c.records }, (_, i) => {
        const raw = capturedRequest(model.id, opts.baselineVersion, tenant, i, now);
        const captured = scrubCapture(raw.input, raw.output, rules, hash);
        return { ...raw, input: captured.input as object, output: captured.output as object, scrubbed: captured.scrubbed };
      }),
    );
    await db.replayRecord.createMany({ data: rows, skipDuplicates: true });
    await freezeReplaySet(db, ci, { model: opts.modelKey, body: { name: opts.name, days: 7, size: 2000, stratify: "tenant" } });
  }
  const set = await getReplaySet(db, opts.modelKey, opts.name);
  const items = await db.replaySetItem.findMany({
    where: { setId: set.id },
    orderBy: { position: "asc" },
    select: { requestId: true, tenant: true, output: true },
  });

  const tenants = new Map<string, { cases: number; agree: number }>();
  const disagreements: { request_id: string; tenant: string; baseline_output: unknown; candidate_output: unknown; gap: number }[] = [];
  for (const it of items) {
    const t = tenants.get(it.tenant) ?? { cases: 0, agree: 0 };
    t.cases += 1;
    const baseline = it.output as { label: string; score: number };
    if (unit(`${it.requestId}:differs`) * 1000 < (CAPTURED[it.tenant]?.disagreePerMille ?? 0)) {
      const candidate = candidateOutput(baseline);
      disagreements.push({
        request_id: it.requestId,
        tenant: it.tenant,
        baseline_output: baseline,
        candidate_output: candidate,
        gap: Math.abs(candidate.score - baseline.score),
      });
    } else t.agree += 1;
    tenants.set(it.tenant, t);
  }
  const cases = items.length;
  const agree = [...tenants.values()].reduce((n, t) => n + t.agree, 0);
  const byTenant = [...tenants]
    .map(([tenant, t]) => ({ tenant, cases: t.cases, agreement: t.agree / t.cases }))
    .sort((a, b) => a.agreement - b.agreement || b.cases - a.cases);
  disagreements.sort((a, b) => b.gap - a.gap || (a.request_id < b.request_id ? -1 : 1));
  return {
    baseline_version: opts.baselineVersion,
    cases,
    agreement: agree / cases,
    set: { id: set.id, hash: set.contentHash },
    by_tenant: byTenant,
    disagreements: disagreements.slice(0, MAX_DISAGREEMENTS).map(({ gap: _gap, ...d }) => d),
  };
}
