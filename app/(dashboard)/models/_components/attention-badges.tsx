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
        <Link href={`/incidents?${new URLSearchParams({ status: "open", model })}`}>
          <span className="sr-only">{model}: </span>
          <Badge tone="danger">{plural(badges.incidents, "incident", "incidents")}</Badge>
        </Link>
      )}
      {badges.held && (
        <Link href={`${base}/release`}>
          <span className="sr-only">{model}: </span>
          <Badge tone="warning">held</Badge>
        </Link>
      )}
      {badges.inProgress && (
        <Link href={`${base}/release`}>
          <span className="sr-only">{model}: </span>
          <Badge tone="info">in progress</Badge>
        </Link>
      )}
      {badges.watched && (
        <Link href={`${base}/release`}>
          <span className="sr-only">{model}: </span>
          <Badge tone="neutral">just promoted</Badge>
        </Link>
      )}
      {badges.driftAlerts + badges.driftWarnings > 0 && (
        <Link href={`${base}/drift`}>
          <span className="sr-only">{model}: </span>
          <Badge tone={badges.driftAlerts > 0 ? "danger" : "warning"}>
            {badges.driftAlerts > 0
              ? plural(badges.driftAlerts, "drift alert", "drift alerts")
              : plural(badges.driftWarnings, "drift warning", "drift warnings")}
          </Badge>
        </Link>
      )}
    </div>
  );
}
