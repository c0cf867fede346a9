import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { MANIFEST_SECTIONS, type Change, type ChangeGroup } from "@/lib/registry/diff";
import { diffSummary, formatDiffValue } from "./manifest-format";

/**
 * A structural manifest diff grouped by section (the shape GET /api/v1/models/{model}/diff
 * returns in `sections`): a summary line, one table per changed section with before and
 * after side by side, and the unchanged sections collapsed into one line. Reused wherever a
 * version is reviewed against another (the diff page; approvals compare with PROD).
 */
export function ManifestDiff({ sections }: { sections: ChangeGroup[] }) {
  const changeCount = sections.reduce((n, s) => n + s.changes.length, 0);
  const changed = new Set<string>(sections.map((s) => s.id));
  const unchanged = MANIFEST_SECTIONS.filter((s) => !changed.has(s.id));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-base font-semibold text-slate-900" data-testid="diff-summary">
          {diffSummary(changeCount, sections.length)}
        </p>
        <ul className="flex items-center gap-3 text-xs text-slate-600" aria-label="Legend">
          <li className="flex items-center gap-1.5">
            <Badge tone="warning">changed</Badge> value differs
          </li>
          <li className="flex items-center gap-1.5">
            <Badge tone="success">added</Badge> only in “to”
          </li>
          <li className="flex items-center gap-1.5">
            <Badge tone="danger">removed</Badge> only in “from”
          </li>
        </ul>
      </div>
      {sections.map((section) => (
        <Card
          key={section.id}
          id={`diff-${section.id}`}
          title={section.title}
          actions={
            <Badge tone="neutral">
              {section.changes.length} {section.changes.length === 1 ? "change" : "changes"}
            </Badge>
          }
          flush
        >
          <ChangeTable title={section.title} changes={section.changes} />
        </Card>
      ))}
      {unchanged.length > 0 && (
        <p className="rounded-lg border border-slate-200 bg-white px-5 py-3 text-sm text-slate-600">
          <span className="font-medium text-slate-800">
            {unchanged.length} {unchanged.length === 1 ? "section" : "sections"} unchanged:
          </span>{" "}
          {unchanged.map((s) => s.title).join(", ")}
        </p>
      )}
    </div>
  );
}

const KIND_TONE = { added: "success", removed: "danger", changed: "warning" } as const;

function ChangeTable({ title, changes }: { title: string; changes: Change[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full table-fixed divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Changes in {title}</caption>
        <colgroup>
          <col className="w-[22%]" />
          <col className="w-28" />
          <col />
          <col />
        </colgroup>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="px-5 py-2 text-left text-xs font-semibold text-slate-600">
              Path
            </th>
            <th scope="col" className="px-3 py-2 text-left text-xs font-semibold text-slate-600">
              Change
            </th>
            <th scope="col" className="px-3 py-2 text-left text-xs font-semibold text-slate-600">
              Before
            </th>
            <th scope="col" className="px-5 py-2 text-left text-xs font-semibold text-slate-600">
              After
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {changes.map((c) => (
            <tr
              key={`${c.kind}:${c.path}`}
              className={cx("align-top", c.kind === "added" && "bg-emerald-50/60", c.kind === "removed" && "bg-red-50/60")}
            >
              <th scope="row" className="px-5 py-2.5 text-left font-mono text-[13px] font-normal break-all text-slate-800">
                {c.path}
              </th>
              <td className="px-3 py-2.5">
                <Badge tone={KIND_TONE[c.kind]}>{c.kind}</Badge>
              </td>
              <td className={cx("px-3 py-2.5", c.kind === "changed" && "text-red-800")}>
                {c.kind === "added" ? <Absent /> : <DiffValue path={c.path} value={c.before} />}
              </td>
              <td className={cx("px-5 py-2.5", c.kind === "changed" && "text-emerald-800")}>
                {c.kind === "removed" ? <Absent /> : <DiffValue path={c.path} value={c.after} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Absent() {
  return (
    <span className="text-slate-500" aria-label="not present">
      —
    </span>
  );
}

function DiffValue({ path, value }: { path: string; value: unknown }) {
  const { text, block } = formatDiffValue(path, value);
  if (block) {
    return (
      <pre className="max-h-80 overflow-auto rounded bg-white/70 p-2 font-mono text-xs whitespace-pre-wrap break-all ring-1 ring-slate-200">
        {text}
      </pre>
    );
  }
  return <span className="font-mono text-[13px] break-all">{text}</span>;
}
