/**
 * Why a request id has no stored prediction, in words a person can act on: past the retention
 * window, or never received (not sent, sent under another id, or refused at ingest).
 */
import type { Database } from "../database/open";
import { telemetryConfig } from "./config";

export async function predictionMissingWhy(_database: Database, requestId: string, _model?: string): Promise<string> {
  const days = telemetryConfig().retentionDays;
  return `request id "${requestId}" is not recorded: predictions are kept for ${days} days, and one never received (not sent, or refused at ingest) has no record`;
}
