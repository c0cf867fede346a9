/**
 * Why a request id has no stored prediction, for the evidence chain: the model's request-level
 * sampling left it out (lookup.ts), or it is past the retention window, or it was never received.
 */
import type { Database } from "../database/open";
import { telemetryConfig } from "./config";
import { missingPredictionMessage, sampledOutBy } from "./lookup";

export async function predictionMissingWhy(database: Database, requestId: string, model?: string): Promise<string> {
  const sampled = await sampledOutBy(database, requestId, model);
  // the chain words it as a clause: "… is not stored: …"
  return missingPredictionMessage(requestId, telemetryConfig().retentionDays, sampled, model !== undefined && sampled.length > 0)
    .replace(/\.$/, "")
    .replace(/^No prediction with request id ("[^"]*") is recorded/, "request id $1 is not recorded");
}
