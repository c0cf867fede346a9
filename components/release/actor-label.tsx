import { Badge } from "@/components/ui/badge";

const KINDS: Record<string, string> = { token: "API token", guardrail: "guardrail", policy: "policy", system: "system" };

/** Who did it: a person's email, or a token / the guardrail loop / automation, marked as such. */
export function ActorLabel({ label, type }: { label: string; type?: string }) {
  const kind = type ? KINDS[type] : undefined;
  return (
    <span className="inline-flex max-w-full min-w-0 items-center gap-1.5">
      <span className="truncate font-medium text-slate-800" title={label}>
        {label}
      </span>
      {kind && <Badge tone="muted">{kind}</Badge>}
    </span>
  );
}
