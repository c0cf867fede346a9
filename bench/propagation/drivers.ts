// How the bench commits a rollback: lib/rollout's rollback() — what POST …/release/rollback
// runs, minus HTTP — when that module is present (mode "service"); otherwise one transaction that
// updates the Release row and calls notifyRoutesChanged (mode "direct"). Each round first puts a
// canary in place (not timed), then rolls it back.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Actor } from "../../lib/auth/actor";
import { generateTokenSecret } from "../../lib/auth/tokens";
import type { Db } from "../../lib/database/types";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { notifyRoutesChanged } from "../../lib/routing/notify";
import { ROOT } from "../routing/support";

export const MODEL = "bench-propagation";

type RolloutModule = {
  rollback(db: Db, actor: Actor, input: { modelKey: string; reason: string }): Promise<{ epoch: number }>;
  startRollout(db: Db, actor: Actor, input: { modelKey: string; version: string }): Promise<{ epoch: number }>;
};

export type Driver = {
  label: string;
  setup(): Promise<void>;
  /** puts the next canary in place; its epoch */
  startCanary(): Promise<number>;
  /** the timed rollback; its epoch */
  rollback(): Promise<number>;
};

/** lib/rollout/service.ts when it is there (loaded by path: the bench also runs before it exists). */
async function loadRollout(mode: string): Promise<RolloutModule | null> {
  if (mode === "direct") return null;
  const file = path.join(ROOT, "lib/rollout/service.ts");
  if (!existsSync(file)) {
    if (mode === "service") throw new Error("--mode service: lib/rollout/service.ts does not exist");
    return null;
  }
  const mod = (await import(pathToFileURL(file).href)) as Partial<RolloutModule>;
  if (typeof mod.rollback !== "function" || typeof mod.startRollout !== "function") {
    if (mode === "service") throw new Error("lib/rollout/service.ts does not export rollback and startRollout");
    return null;
  }
  return mod as RolloutModule;
}

const system: Actor = { type: "system", id: null, label: "bench" };

export async function driverFor(db: Db, actor: Actor, mode: string): Promise<Driver> {
  const rollout = await loadRollout(mode);
  return rollout ? serviceDriver(db, rollout, actor) : directDriver(db, mode);
}

function serviceDriver(db: Db, rollout: RolloutModule, actor: Actor): Driver {
  const register = async (version: string) => {
    const m = fraudScoringManifest();
    m.model_id = MODEL;
    m.model_version = version;
    delete m.parent_version;
    await registerVersion(db, system, { modelKey: MODEL, text: JSON.stringify(m), contentType: "application/json" });
    // fixture shortcut: an approved version, as the lifecycle's gates and reviewers would leave it
    await db.modelVersion.updateMany({ where: { model: { key: MODEL }, version }, data: { stage: "STAGING" } });
  };
  let round = 1;
  return {
    label: "lib/rollout rollback() (the service behind POST …/release/rollback)",
    async setup() {
      await register("2026-03-01.1");
      await rollout.startRollout(db, system, { modelKey: MODEL, version: "2026-03-01.1" });
    },
    async startCanary() {
      const version = `2026-03-01.${++round}`;
      await register(version);
      return (await rollout.startRollout(db, system, { modelKey: MODEL, version })).epoch;
    },
    async rollback() {
      return (await rollout.rollback(db, actor, { modelKey: MODEL, reason: "bench: propagation" })).epoch;
    },
  };
}

function directDriver(db: Db, mode: string): Driver {
  const move = (data: { candidateVersion: string | null; candidatePercent: number; state: "ramping" | "rolled_back" }) =>
    db.$transaction(async (tx) => {
      const r = await tx.release.findFirstOrThrow({ where: { model: { key: MODEL }, environment: "production" } });
      const n = await tx.release.updateMany({ where: { id: r.id, epoch: r.epoch }, data: { ...data, epoch: r.epoch + 1 } });
      if (n.count !== 1) throw new Error("the release moved");
      await notifyRoutesChanged(tx, { model: MODEL, epoch: r.epoch + 1 });
      return r.epoch + 1;
    });
  let round = 1;
  return {
    label: `direct: one transaction updating the Release row + notifyRoutesChanged (${mode === "direct" ? "--mode direct" : "lib/rollout not found"})`,
    async setup() {
      await db.$transaction(async (tx) => {
        const m = await tx.model.create({ data: { key: MODEL, name: MODEL } });
        await tx.release.create({ data: { modelId: m.id, stableVersion: "2026-03-01.1", epoch: 1 } });
        await notifyRoutesChanged(tx, { model: MODEL, epoch: 1 });
      });
    },
    startCanary: () => move({ candidateVersion: `2026-03-01.${++round}`, candidatePercent: 5, state: "ramping" }),
    rollback: () => move({ candidateVersion: null, candidatePercent: 0, state: "rolled_back" }),
  };
}

/** A routes:read token for the clients, and the release:write API caller that rolls back. */
export async function benchTokens(db: Db): Promise<{ token: string; actor: Actor }> {
  const reader = generateTokenSecret();
  await db.apiToken.create({ data: { name: "bench-clients", prefix: reader.prefix, tokenHash: reader.hash, scopes: ["routes:read"] } });
  const oncall = generateTokenSecret();
  const row = await db.apiToken.create({
    data: { name: "bench-oncall", prefix: oncall.prefix, tokenHash: oncall.hash, scopes: ["release:write"] },
  });
  return { token: reader.secret, actor: { type: "token", id: row.id, label: "bench-oncall", scopes: ["release:write"] } };
}
