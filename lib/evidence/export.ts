/**
 * Producing an evidence pack: read the range (collect.ts), write its files and report, record
 * the export in the audit trail, sign. The audit event carries the digest of the file list, so
 * the trail says which pack left, and the signed statement names the event, so the pack says
 * where its export is recorded.
 */
import { appendAudit } from "../audit/append";
import type { AuditSigningKey } from "../audit/signing";
import type { Actor } from "../auth/actor";
import { currentTime } from "../clock";
import type { Database } from "../database/open";
import { collectEvidence, type Evidence } from "./collect";
import { fileEntries, filesDigest, packFilename, serializePack, signPack, type EvidencePack, type PackFilePath } from "./pack";
import { renderReport } from "./report";

export const EVIDENCE_EXPORTED = "evidence.exported";

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

function packFiles(e: Evidence, meta: Parameters<typeof renderReport>[1]): Record<PackFilePath, string> {
  return {
    "model.json": json({ ...e.model, replaySets: e.replaySets }),
    "versions.json": json(e.versions),
    "evaluations.json": json(e.evaluations),
    "approvals.json": json(e.approvals),
    "releases.json": json(e.releases),
    "guardrail-decisions.json": json(e.guardrailDecisions),
    "incidents.json": json(e.incidents),
    "drift.json": json(e.drift),
    "predictions.json": json(e.predictions),
    "audit/events.ndjson": e.audit.lines.map((l) => `${JSON.stringify(l)}\n`).join(""),
    "audit/chain.json": json(e.audit.section),
    "report.html": renderReport(e, meta),
  };
}

export type EvidenceRequest = { model: string; from: Date; to: Date; requestId?: string | null };

export async function exportEvidencePack(
  database: Database,
  actor: Actor,
  key: AuditSigningKey,
  req: EvidenceRequest,
): Promise<{ pack: EvidencePack; text: string; filename: string }> {
  const now = currentTime();
  const evidence = await collectEvidence(database, { model: req.model, from: req.from, to: req.to, now });
  const meta = {
    model: req.model,
    from: req.from.toISOString(),
    to: req.to.toISOString(),
    generatedAt: now.toISOString(),
    generatedBy: actor.label,
    keyId: key.keyId,
  };
  const files = packFiles(evidence, meta);
  const entries = fileEntries(files);
  const event = await database.prisma.$transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: EVIDENCE_EXPORTED,
      subject: { type: "model", id: req.model },
      modelKey: req.model,
      after: {
        from: meta.from,
        to: meta.to,
        keyId: key.keyId,
        files: entries.length,
        filesDigest: filesDigest(entries),
        auditEvents: { from: evidence.audit.section.before.seq, to: evidence.audit.section.after.seq },
      },
      requestId: req.requestId ?? null,
    }),
  );
  const { keyId: _keyId, ...statement } = { ...meta, exportEventSeq: event.seq.toString(), files: entries };
  const pack = signPack(key, statement, files);
  return { pack, text: serializePack(pack), filename: packFilename(req.model, meta.from, meta.to) };
}
