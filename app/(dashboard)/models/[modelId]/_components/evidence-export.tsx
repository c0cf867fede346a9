import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Downloads the model's signed evidence pack for a range of UTC days. A plain GET form: the
 * answer is an attachment, so the page stays, and no script is needed. Shown to the roles
 * that may export (approvers and admins); the endpoint checks again.
 */
export function EvidenceExport({ model, now }: { model: string; now: number }) {
  return (
    <Card
      id="evidence-pack"
      title="Evidence pack"
      description="For auditors: which versions served, who approved them, on what evidence, and the audit chain around it, signed with the evidence key (Settings). Each export is recorded in the audit trail."
      className="mt-6"
    >
      <form method="get" action={`/api/v1/models/${encodeURIComponent(model)}/evidence`} className="flex flex-wrap items-end gap-4">
        <TextField label="From (UTC)" name="from" type="date" defaultValue={isoDay(now - 30 * DAY_MS)} required />
        <TextField label="To (UTC)" name="to" type="date" defaultValue={isoDay(now)} required />
        <Button type="submit" variant="secondary">
          Download evidence pack
        </Button>
      </form>
      <p className="mt-3 text-sm text-slate-600">
        Check it offline: <code className="font-mono">npx rollgate evidence verify &lt;pack.json&gt; --key rollgate-evidence-key.pem</code>
      </p>
    </Card>
  );
}
