// Captured requests for the replay specs, written straight to the server's database as the
// capture path would leave them (already scrubbed): telemetry does not carry inputs and outputs
// on this branch, and a spec should not wait for sampling to pick requests.
import { openDatabase, type Database } from "../lib/database/open";
import { E2E } from "./env";

let opened: Promise<Database> | null = null;

export type CapturedRow = { requestId: string; tenant: string; version: string; output: unknown; input?: unknown };

export async function insertCapturedRequests(modelKey: string, rows: CapturedRow[]): Promise<void> {
  opened ??= openDatabase({ kind: "postgres", url: E2E.databaseUrl }, { purpose: "e2e replay records" });
  const db = (await opened).prisma;
  const model = await db.model.findUniqueOrThrow({ where: { key: modelKey }, select: { id: true } });
  const now = Date.now();
  await db.replayRecord.createMany({
    data: rows.map((r, i) => {
      const ts = new Date(now - 3_600_000 - i * 1000);
      return {
        modelId: model.id,
        requestId: r.requestId,
        tenant: r.tenant,
        version: r.version,
        ts,
        day: new Date(ts.toISOString().slice(0, 10)),
        input: (r.input ?? { amount: i }) as object,
        output: r.output as object,
        scrubbed: [],
        receivedAt: ts,
      };
    }),
  });
}
