import { Badge, type BadgeTone } from "./badge";

/**
 * The lifecycle stages of a model version. Written out here rather than imported from the
 * Prisma enum because components never import Prisma; it is the same string union, so a
 * Prisma `Stage` value passes as a `StageName`.
 */
export const STAGES = ["DEV", "STAGING", "ROLLING_OUT", "PROD", "PROD_PREVIOUS", "RETIRED", "REJECTED", "DEPRECATED", "ARCHIVED"] as const;
export type StageName = (typeof STAGES)[number];

export const STAGE_LABELS: Record<StageName, string> = {
  DEV: "DEV",
  STAGING: "STAGING",
  ROLLING_OUT: "Rolling out",
  PROD: "PROD",
  PROD_PREVIOUS: "PROD (previous)",
  RETIRED: "Retired",
  REJECTED: "Rejected",
  DEPRECATED: "Deprecated",
  ARCHIVED: "Archived",
};

const STAGE_TONES: Record<StageName, BadgeTone> = {
  DEV: "neutral",
  STAGING: "info",
  ROLLING_OUT: "warning",
  PROD: "success",
  PROD_PREVIOUS: "brand",
  RETIRED: "muted",
  REJECTED: "danger",
  DEPRECATED: "purple",
  ARCHIVED: "muted",
};

const STAGE_HINTS: Record<StageName, string> = {
  DEV: "Registered; not yet through the evaluation gates",
  STAGING: "Passed the evaluation gates; waiting for approval",
  ROLLING_OUT: "Approved; serving part of the traffic as the release candidate",
  PROD: "Serving production traffic",
  PROD_PREVIOUS: "The last stable version, kept warm as the rollback target",
  RETIRED: "Was in production; no longer kept warm",
  REJECTED: "Rejected by a reviewer or rolled back",
  DEPRECATED: "Scheduled for removal",
  ARCHIVED: "Archived; kept for the record",
};

/** A human label for a stage, e.g. PROD_PREVIOUS → "PROD (previous)". Unknown values pass through. */
export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage as StageName] ?? stage;
}

export function StageBadge({ stage, className }: { stage: StageName | string; className?: string }) {
  const known = stage as StageName;
  return (
    <Badge tone={STAGE_TONES[known] ?? "neutral"} dot title={STAGE_HINTS[known]} className={className}>
      {stageLabel(stage)}
    </Badge>
  );
}
