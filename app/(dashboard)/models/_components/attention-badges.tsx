import Link from "next/link";
import { modelHref } from "@/components/registry/hrefs";
import { Badge } from "@/components/ui/badge";
import type { ModelBadges } from "@/lib/attention/queries";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The home page's items for one model, as badges that open where each is handled. */
export function AttentionBadges({ model, badges }: { model: string; badges: ModelBadges }) {
  const base = modelHref(model);
  return (
    <div data-testid="model-attention" className="mt-1 flex flex-wrap gap-1">
      {badges.incidents > 0 && (
        <Link href={`/incidents?${new URLSearchParams({ status: "open", model })}`} aria-label={`${model}: ${plural(badges.incidents, "open incident", "open incidents")}`}>
          <Badge tone="danger">{plural(badges.incidents, "incident", "incidents")}</Badge>
        </Link>
      )}
      {badges.held && (
        <Link href={`${base}/release`} aria-label={`${model}: release held`}>
          <Badge tone="warning">held</Badge>
        </Link>
      )}
      {badges.inProgress && (
        <Link href={`${base}/release`} aria-label={`${model}: release in progress`}>
          <Badge tone="info">in progress</Badge>
        </Link>
      )}
      {badges.watched && (
        <Link href={`${base}/release`} aria-label={`${model}: watched after its promotion`}>
          <Badge tone="neutral">just promoted</Badge>
        </Link>
      )}
      {badges.driftAlerts + badges.driftWarnings > 0 && (
        <Link href={`${base}/drift`} aria-label={`${model}: drift`}>
          <Badge tone={badges.driftAlerts > 0 ? "danger" : "warning"}>
            {badges.driftAlerts > 0 ? plural(badges.driftAlerts, "drift alert", "drift alerts") : plural(badges.driftWarnings, "drift warning", "drift warnings")}
          </Badge>
        </Link>
      )}
    </div>
  );
}
