import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eventHash, GENESIS_HASH } from "../../../lib/audit/chain";
import { chainedFieldsOf } from "../../../lib/audit/offline";
import type { AuditEventDto } from "../../../lib/audit/queries";
import { parsePrivateKey, signCheckpoint, type AuditSigningKey } from "../../../lib/audit/signing";
import { AUDIT_HELP, parseAuditArgs, runAudit } from "./audit";
import { EXIT } from "./exit-codes";

const newKey = (): AuditSigningKey =>
  parsePrivateKey(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());

/** A chain of n events as the export writes them. */
function chainOf(n: number, edit?: (i: number, e: Omit<AuditEventDto, "hash" | "prevHash">) => void): AuditEventDto[] {
  const out: AuditEventDto[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = {
      seq: String(i),
      at: new Date(Date.UTC(2026, 11, 4, 10, 0, i)).toISOString(),
      actor: { type: "user", id: `u${i}`, label: "ana@example.com" },
      action: "version.registered",
      subject: { type: "model_version", id: `fraud@2026-12-04.${i}` },
      modelKey: "fraud",
      before: null,
      after: { version: `2026-12-04.${i}`, note: 'a, "quoted"\nvalue' },
      reason: `event ${i}`,
      requestId: null,
    };
    edit?.(i, e);
    const hash = eventHash(prev, chainedFieldsOf(e));
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function checkpointFor(key: AuditSigningKey, events: AuditEventDto[], position: number) {
  const e = events[position - 1]!;
  return {
    ...signCheckpoint(key, { position: e.seq, headHash: e.hash, eventCount: e.seq, signedAt: "2026-12-04T10:05:00.000Z" }),
    publicKeyPem: key.publicKeyPem,
  };
}

async function runWith(argv: string[], files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAudit(argv, {
    readFile: async (p) => {
      if (!(p in files)) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
      return files[p]!;
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const ndjson = (events: AuditEventDto[]) => events.map((e) => JSON.stringify(e)).join("\n") + "\n";

describe("rollgate audit verify: arguments", () => {
  it("needs verify and at least one --checkpoint", () => {
    expect(parseAuditArgs([])).toEqual({ kind: "help" });
    expect(parseAuditArgs(["verify"])).toMatchObject({ kind: "usage-error", message: expect.stringContaining("--checkpoint") });
    expect(parseAuditArgs(["check", "--checkpoint", "c.json"])).toMatchObject({ kind: "usage-error" });
    expect(
      parseAuditArgs(["verify", "--checkpoint", "a.json", "--checkpoint", "b.json", "--public-key", "k.pem", "--export", "e.ndjson"]),
    ).toEqual({
      kind: "verify",
      checkpoints: ["a.json", "b.json"],
      publicKey: "k.pem",
      exportFile: "e.ndjson",
    });
  });

  it("prints help; exits 2 on an unreadable or unrecognised file", async () => {
    expect((await runWith(["--help"], {})).out).toBe(AUDIT_HELP);
    const missing = await runWith(["verify", "--checkpoint", "gone.json"], {});
    expect(missing).toMatchObject({ code: EXIT.usage, err: expect.stringContaining("gone.json: cannot read the checkpoint (ENOENT)") });
    const junk = await runWith(["verify", "--checkpoint", "c.json"], { "c.json": '{"hello":1}' });
    expect(junk).toMatchObject({ code: EXIT.usage, err: expect.stringContaining("holds no audit checkpoint") });
  });
});

describe("rollgate audit verify: a checkpoint on its own", () => {
  const key = newKey();
  const events = chainOf(6);
  const good = checkpointFor(key, events, 6);

  it("verifies a good checkpoint with the pinned public key (exit 0)", async () => {
    const r = await runWith(["verify", "--checkpoint", "c.json", "--public-key", "k.pem"], {
      "c.json": JSON.stringify(good),
      "k.pem": key.publicKeyPem,
    });
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain(`checkpoint: event #6, 6 events`);
    expect(r.out).toContain(`signature OK (key ${key.keyId} from k.pem)`);
  });

  it("uses the embedded key when none is given, and says it is not pinned", async () => {
    const r = await runWith(["verify", "--checkpoint", "c.json"], { "c.json": JSON.stringify({ event: "audit.checkpoint", data: good }) });
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/embedded in the checkpoint \(not pinned/);
  });

  it("refuses a tampered checkpoint (exit 7)", async () => {
    const tampered = { ...good, position: "5", headHash: events[4]!.hash, eventCount: "5" };
    const r = await runWith(["verify", "--checkpoint", "c.json", "--public-key", "k.pem"], {
      "c.json": JSON.stringify(tampered),
      "k.pem": key.publicKeyPem,
    });
    expect(r.code).toBe(EXIT.mismatch);
    expect(r.out).toMatch(/BAD SIGNATURE: its signature does not verify/);
  });

  it("refuses a checkpoint signed by someone else, even with their key embedded", async () => {
    const mallory = newKey();
    const forged = checkpointFor(mallory, events, 6);
    const r = await runWith(["verify", "--checkpoint", "c.json", "--public-key", "k.pem"], {
      "c.json": JSON.stringify(forged),
      "k.pem": key.publicKeyPem,
    });
    expect(r.code).toBe(EXIT.mismatch);
    expect(r.out).toContain(`signed with key ${mallory.keyId}, not with key ${key.keyId}`);
  });
});

describe("rollgate audit verify --export", () => {
  const key = newKey();
  const events = chainOf(9);
  const files = (exp: AuditEventDto[], ...positions: number[]) => ({
    "k.pem": key.publicKeyPem,
    "e.ndjson": ndjson(exp),
    ...Object.fromEntries(positions.map((p) => [`c${p}.json`, JSON.stringify(checkpointFor(key, events, p))])),
  });
  const args = (...positions: number[]) => [
    "verify",
    "--public-key",
    "k.pem",
    "--export",
    "e.ndjson",
    ...positions.flatMap((p) => ["--checkpoint", `c${p}.json`]),
  ];

  it("passes an untouched export, NDJSON or a JSON array", async () => {
    const r = await runWith(args(3, 9), files(events, 3, 9));
    expect(r).toMatchObject({ code: EXIT.ok });
    expect(r.out).toContain("export: 9 events, chain intact from #1 to #9, matching all 2 checkpoints");
    const arr = await runWith(args(9), { ...files(events, 9), "e.ndjson": JSON.stringify(events) });
    expect(arr.code).toBe(EXIT.ok);
  });

  it("finds an edited event whose hashes were all recomputed, after the last matching checkpoint", async () => {
    const rewritten = chainOf(9, (i, e) => {
      if (i === 4) e.reason = "nothing to see";
    });
    const r = await runWith(args(3, 6, 9), files(rewritten, 3, 6, 9));
    expect(r.code).toBe(EXIT.mismatch);
    expect(r.out).toMatch(/FAILED at event #4: event #6 in the export does not have the hash the checkpoint/);
  });

  it("finds an edit that left the hashes alone, exactly", async () => {
    const edited = events.map((e) => (e.seq === "5" ? { ...e, reason: "nothing to see" } : e));
    const r = await runWith(args(9), files(edited, 9));
    expect(r.code).toBe(EXIT.mismatch);
    expect(r.out).toMatch(/FAILED at event #5: its content does not match its hash/);
  });

  it("finds a deleted tail", async () => {
    const r = await runWith(args(9), files(events.slice(0, 7), 9));
    expect(r.code).toBe(EXIT.mismatch);
    expect(r.out).toMatch(/FAILED at event #8: events #8 to #9 are missing/);
  });

  it("says so when the export does not start at event #1 (a filtered export)", async () => {
    const r = await runWith(args(9), files(events.slice(2), 9));
    expect(r.code).toBe(EXIT.mismatch);
    expect(r.out).toMatch(/starts at event #3, not #1: export the whole trail/);
  });
});
