import { Badge } from "@/components/ui/badge";

/** Who registered a version: a person, or a CI job through an API token (marked "token"). */
export function RegisteredBy({ label, type }: { label: string; type: string }) {
  return (
    <span className="inline-flex max-w-full min-w-0 items-center gap-1.5">
      <span className="truncate" title={label}>
        {label}
      </span>
      {type === "token" && (
        <Badge tone="muted" title="Registered through an API token">
          token
        </Badge>
      )}
    </span>
  );
}
