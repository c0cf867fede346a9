import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eventHash } from "../../../lib/audit/chain";
import { chainedFieldsOf } from "../../../lib/audit/offline";
import type { AuditEventDto } from "../../../lib/audit/queries";
import { parsePrivateKey, signCheckpoint, type AuditSigningKey } from "../../../lib/audit/signing";
import { fileEntries, PACK_FILES, serializePack, signPack, type EvidencePack } from "../../../lib/evidence/pack";
import type { ChainLine, ChainSection } from "../../../lib/evidence/verify-pack";
import { EVIDENCE_HELP, runEvidence } from "./evidence";
import { EXIT } from "./exit-codes";

const newKey = (): AuditSigningKey =>
  parsePrivateKey(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());

const key = newKey();
const otherKey = newKey();

/** Events #11..#15 of a trail; #13 belongs to another model and is only a link. */
function chain(): { lines: ChainLine[]; section: ChainSection } {
  let prev = "a".repeat(64);
  const lines: ChainLine[] = [];
  for (let seq = 11; seq <= 15; seq++) {
    const e = {
      seq: String(seq),
      at: new Date(Date.UTC(2026, 10, 3, 10, 0, seq)).toISOString(),
      actor: { type: "user", id: "u1", label: "ana@example.com" },
      action: seq === 12 ? "approval.decided" : "release.advanced",
      subject: { type: "model", id: "fraud" },
      modelKey: seq === 13 ? "other" : "fraud",
      before: null,
      after: { step: seq },
      reason: null,
      requestId: null,
    };
    const hash = eventHash(prev, chainedFieldsOf(e));
    lines.push(seq === 13 ? { seq: e.seq, prevHash: prev, hash, redacted: true } : ({ ...e, prevHash: prev, hash } as AuditEventDto));
    prev = hash;
  }
  const at14 = lines[3]!;
  const checkpoint = signCheckpoint(key, { position: "14", headHash: at14.hash, eventCount: "14", signedAt: "2026-11-03T10:01:00.000Z" });
  return {
    lines,
    section: {
      before: { seq: "10", hash: "a".repeat(64) },
      after: { seq: "15", hash: prev },
      events: 5,
      modelEvents: 4,
      checkpoints: [checkpoint],
    },
  };
}

function packWith(edit?: (files: Record<string, string>, c: ReturnType<typeof chain>) => void, signer = key): EvidencePack {
  const c = chain();
  const files: Record<string, string> = Object.fromEntries(PACK_FILES.map((p) => [p, `{"file":"${p}"}\n`]));
  files["report.html"] = "<!doctype html><title>report</title>";
  files["audit/events.ndjson"] = c.lines.map((l) => `${JSON.stringify(l)}\n`).join("");
  edit?.(files, c);
  files["audit/chain.json"] = JSON.stringify(c.section);
  return signPack(
    signer,
    {
      model: "fraud",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-30T23:59:59.999Z",
      generatedAt: "2026-12-01T09:00:00.000Z",
      generatedBy: "ana@example.com",
      exportEventSeq: "99",
      files: fileEntries(files),
    },
    files,
  );
}

async function runWith(argv: string[], files: Record<string, string>, fetchImpl?: typeof fetch) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const code = await runEvidence(argv, {
    env: { ROLLGATE_URL: "http://rollgate.test", ROLLGATE_TOKEN: "rg_test" },
    fetch: fetchImpl ?? (async () => new Response("nope", { status: 500 })),
    readFile: async (p) => {
      if (!(p in files)) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
      return files[p]!;
    },
    writeFile: async (p, t) => void (written[p] = t),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join("\n"), err: err.join("\n"), written };
}

const pem = (k: AuditSigningKey) => k.publicKeyPem;

describe("rollgate evidence verify", () => {
  it("verifies an intact pack against the pinned key, checks the chain and its checkpoint, and writes the report", async () => {
    const r = await runWith(["verify", "pack.json", "--key", "key.pem", "--report", "out.html"], {
      "pack.json": serializePack(packWith()),
      "key.pem": pem(key),
    });
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain(`signature: OK (key ${key.keyId} from key.pem)`);
    expect(r.out).toContain("files: 12 match their signed hashes");
    expect(r.out).toContain("audit chain: 5 events from #10");
    expect(r.out).toContain("4 of this model recomputed, 1 of other models linked");
    expect(r.out).toContain("checkpoints: 1 in the range match the chain");
    expect(r.out).toMatch(/OK$/);
    expect(r.written["out.html"]).toContain("<title>report</title>");
  });

  it("says the embedded key is not pinned when no --key is given", async () => {
    const r = await runWith(["verify", "pack.json"], { "pack.json": serializePack(packWith()) });
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain("embedded in the pack (not pinned: pass --key to check who signed it)");
  });

  it("takes the key from the well-known JSON at a URL", async () => {
    const fetchImpl = (async () =>
      Response.json({ keyId: key.keyId, algorithm: "Ed25519", publicKeyPem: key.publicKeyPem })) as unknown as typeof fetch;
    const r = await runWith(
      ["verify", "pack.json", "--key", "https://rollgate.test/.well-known/rollgate-evidence-key"],
      { "pack.json": serializePack(packWith()) },
      fetchImpl,
    );
    expect(r.code).toBe(EXIT.ok);
  });

  it("names a file changed after signing (exit 7)", async () => {
    const pack = packWith();
    pack.files["predictions.json"] = '{"file":"predictions.json","forged":true}\n';
    const r = await runWith(["verify", "pack.json", "--key", "key.pem"], { "pack.json": serializePack(pack), "key.pem": pem(key) });
    expect(r.code).toBe(EXIT.mismatch);
    expect(r.out).toMatch(/FAILED: file predictions\.json was changed after signing/);
  });

  it("names an altered statement (exit 7)", async () => {
    const pack = packWith();
    pack.statement.to = "2026-12-31T23:59:59.999Z";
    const r = await runWith(["verify", "pack.json"], { "pack.json": serializePack(pack) });
    expect(r.code).toBe(EXIT.mismatch);
    expect(r.out).toContain("FAILED: the signature does not verify");
  });

  it("names a file added to the pack (exit 7)", async () => {
    const pack = packWith();
    pack.files["extra.json"] = "{}";
    const r = await runWith(["verify", "pack.json"], { "pack.json": serializePack(pack) });
    expect(r.code).toBe(EXIT.mismatch);
    expect(r.out).toContain("FAILED: file extra.json is in the pack but not in the signed statement");
  });

  it("names the wrong key, with both key ids (exit 8)", async () => {
    const r = await runWith(["verify", "pack.json", "--key", "key.pem"], {
      "pack.json": serializePack(packWith()),
      "key.pem": pem(otherKey),
    });
    expect(r.code).toBe(EXIT.wrongKey);
    expect(r.out).toBe(`FAILED: the pack was signed with key ${key.keyId}, not with key ${otherKey.keyId} from key.pem`);
  });

  it("names a reordered audit event even when the pack was signed that way (exit 9)", async () => {
    const pack = packWith((files, c) => {
      const [a, b, x, d, e] = c.lines;
      files["audit/events.ndjson"] = [a, x, b, d, e].map((l) => `${JSON.stringify(l)}\n`).join("");
    });
    const r = await runWith(["verify", "pack.json", "--key", "key.pem"], { "pack.json": serializePack(pack), "key.pem": pem(key) });
    expect(r.code).toBe(EXIT.chainBroken);
    expect(r.out).toContain("FAILED: audit event #13: the sequence jumps from #11 to #13, events are missing");
  });

  it("names an audit event swapped in place (exit 9)", async () => {
    const pack = packWith((files, c) => {
      const lines = c.lines.map((l) => ({ ...l })) as AuditEventDto[];
      // the trail was rewritten: #12 and #14 swapped their content, keeping their numbers
      const [e12, e14] = [lines[1]!, lines[3]!];
      lines[1] = { ...e14, seq: "12", prevHash: e12.prevHash, hash: e12.hash };
      lines[3] = { ...e12, seq: "14", prevHash: e14.prevHash, hash: e14.hash };
      files["audit/events.ndjson"] = lines.map((l) => `${JSON.stringify(l)}\n`).join("");
    });
    const r = await runWith(["verify", "pack.json"], { "pack.json": serializePack(pack) });
    expect(r.code).toBe(EXIT.chainBroken);
    expect(r.out).toContain("FAILED: audit event #12 (release.advanced): its content does not match its hash");
  });

  it("names a checkpoint that disagrees with the chain (exit 9)", async () => {
    const pack = packWith((_files, c) => {
      c.section.checkpoints = [
        signCheckpoint(key, { position: "12", headHash: "b".repeat(64), eventCount: "12", signedAt: "2026-11-03T10:00:30.000Z" }),
      ];
    });
    const r = await runWith(["verify", "pack.json"], { "pack.json": serializePack(pack) });
    expect(r.code).toBe(EXIT.chainBroken);
    expect(r.out).toContain("FAILED: audit event #12 does not have the hash the checkpoint signed 2026-11-03T10:00:30.000Z records");
  });

  it("refuses what is not a pack, or not readable (exit 2)", async () => {
    expect((await runWith(["verify", "x.json"], { "x.json": "[1,2]" })).err).toContain("x.json: it is not a Rollgate evidence pack");
    expect((await runWith(["verify", "x.json"], { "x.json": "{" })).code).toBe(EXIT.usage);
    const missing = await runWith(["verify", "nowhere.json"], {});
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain("nowhere.json: cannot read the pack (ENOENT)");
    const badKey = await runWith(["verify", "p.json", "--key", "k.pem"], { "p.json": serializePack(packWith()), "k.pem": "not a key" });
    expect(badKey.code).toBe(EXIT.usage);
    expect(badKey.err).toContain("k.pem is not a PEM public key");
  });
});

describe("rollgate evidence export", () => {
  it("asks for the range with the token and writes the pack", async () => {
    const text = serializePack(packWith());
    let asked: URL | null = null;
    let auth: string | null = null;
    const fetchImpl = (async (url: URL, init: RequestInit) => {
      asked = url;
      auth = new Headers(init.headers).get("authorization");
      return new Response(text, { status: 200, headers: { "content-type": "application/json" } });
    }) as unknown as typeof fetch;
    const r = await runWith(["export", "--model", "fraud", "--from", "2026-11-01", "--to", "2026-11-30"], {}, fetchImpl);
    expect(r.code).toBe(EXIT.ok);
    expect(String(asked)).toBe("http://rollgate.test/api/v1/models/fraud/evidence?from=2026-11-01&to=2026-11-30");
    expect(auth).toBe("Bearer rg_test");
    expect(r.written["rollgate-evidence-fraud-2026-11-01-2026-11-30.json"]).toBe(text);
    expect(r.err).toContain(`signed with key ${key.keyId}`);
  });

  it("names what is missing, and maps refusals to exit codes", async () => {
    const missing = await runWith(["export", "--model", "fraud"], {});
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain("needs --from, --to");
    const forbidden = (async () =>
      Response.json(
        { error: { code: "forbidden", message: "This token lacks the scope audit:read." } },
        { status: 403 },
      )) as unknown as typeof fetch;
    const r = await runWith(["export", "--model", "fraud", "--from", "2026-11-01", "--to", "2026-11-30"], {}, forbidden);
    expect(r.code).toBe(EXIT.auth);
    expect(r.err).toContain("audit:read");
  });

  it("prints its help", async () => {
    expect((await runWith(["--help"], {})).out).toBe(EVIDENCE_HELP.trimEnd());
  });
});
