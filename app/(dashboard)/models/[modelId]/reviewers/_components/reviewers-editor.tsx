"use client";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextAreaField, TextField } from "@/components/ui/field";
import type { FieldIssue } from "@/lib/errors";
import { updateReviewersAction } from "@/lib/lifecycle/reviewer-actions";

type Draft = { reviewers: string; required: string };
type Rule = { reviewers: string[]; required: number };

const toDraft = (r: Rule): Draft => ({ reviewers: r.reviewers.join("\n"), required: String(r.required) });

/** One reviewer per line or comma: `team:payments-risk`, `user:lead@example.com`. */
function toRule(d: Draft): { reviewers: string[]; required: unknown } {
  const reviewers = d.reviewers
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const n = Number(d.required);
  return { reviewers, required: d.required.trim() === "" ? undefined : Number.isFinite(n) ? n : d.required };
}

/** The issues for rule i, by field: the server's paths are policy.approvals.rules[i].… */
function ruleIssues(issues: FieldIssue[], i: number) {
  const prefix = `policy.approvals.rules[${i}]`;
  const mine = issues.filter((x) => x.path === prefix || x.path.startsWith(`${prefix}.`));
  return {
    reviewers: mine.filter((x) => x.path.startsWith(`${prefix}.reviewers`) || x.path === prefix).map((x) => x.message),
    required: mine.filter((x) => x.path === `${prefix}.required`).map((x) => x.message),
  };
}

/**
 * The rules as rows: who (teams and people) and how many of them. Saved through the policy's
 * write path, so a rule that names an unknown team, or more approvals than its people can give,
 * comes back with the rule's field, and a loosened rule waits for a second admin.
 */
export function ReviewersEditor({
  model,
  rules,
  updatedAt,
  teams,
  approvers,
}: {
  model: string;
  rules: Rule[];
  updatedAt: string;
  teams: { key: string; name: string }[];
  approvers: { email: string; name: string }[];
}) {
  const id = useId();
  const [drafts, setDrafts] = useState<Draft[]>(rules.map(toDraft));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [saving, startTransition] = useTransition();
  const router = useRouter();
  const [savedAt, setSavedAt] = useState(updatedAt);

  function change(i: number, patch: Partial<Draft>) {
    setDrafts((all) => all.map((d, j) => (j === i ? { ...d, ...patch } : d)));
    setNotice(null);
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setIssues([]);
    setError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await updateReviewersAction({ model, rules: drafts.map(toRule), updatedAt: savedAt });
      if (!result.ok) {
        setIssues(result.error.issues ?? []);
        setError(result.error.issues?.length ? "Fix the rules marked below." : result.error.message);
        setStale(result.error.code === "conflict");
        return;
      }
      if (result.data.pending) {
        setNotice(
          `Not applied yet: this loosens the approval gate (${result.data.pending.weakens.join("; ")}), so a second admin must confirm it.`,
        );
      } else {
        // what was stored, normalised (emails lower-case, counts filled in)
        setDrafts(result.data.policy.approvals.rules.map(toDraft));
        setSavedAt(result.data.updatedAt);
        setNotice(result.data.changed ? "Reviewers saved. They apply to every approval from now on." : "Nothing changed.");
      }
      // the people each rule names and the pending-change banner are read on the server
      router.refresh();
    });
  }

  const general = issues.filter((x) => !/^policy\.approvals\.rules\[\d+\]/.test(x.path));
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Named reviewers">
      <FormError title="The reviewers were not saved" message={error} onDismiss={() => setError(null)} />
      {general.length > 0 && (
        <ul className="list-disc pl-5 text-sm text-red-700">
          {general.map((g) => (
            <li key={g.path + g.message}>
              {g.path}: {g.message}
            </li>
          ))}
        </ul>
      )}
      {stale && (
        <Button type="button" size="sm" onClick={() => window.location.reload()}>
          Reload the saved reviewers
        </Button>
      )}
      {notice && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
          {notice}
        </p>
      )}
      {drafts.length === 0 && (
        <p className="text-sm text-slate-600">
          No rules: any approver or admin other than the registrant can approve. Add a rule to name who must.
        </p>
      )}
      <ol className="space-y-3">
        {drafts.map((d, i) => {
          const problems = ruleIssues(issues, i);
          return (
            <li key={i} className="rounded-md border border-slate-200 p-3" aria-label={`Rule ${i + 1}`}>
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_8rem]">
                <TextAreaField
                  label={`Rule ${i + 1}: reviewers`}
                  hint="One per line: team:<key> or user:<email>."
                  rows={3}
                  value={d.reviewers}
                  onChange={(e) => change(i, { reviewers: e.target.value })}
                  error={problems.reviewers.join("; ") || undefined}
                  spellCheck={false}
                  autoCapitalize="off"
                />
                <TextField
                  label="Approvals needed"
                  inputMode="numeric"
                  value={d.required}
                  onChange={(e) => change(i, { required: e.target.value })}
                  error={problems.required.join("; ") || undefined}
                />
              </div>
              <div className="mt-2 flex justify-end">
                <Button type="button" variant="secondary" size="sm" onClick={() => setDrafts((all) => all.filter((_, j) => j !== i))}>
                  Remove rule {i + 1}
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="button"
          variant="secondary"
          onClick={() => setDrafts((all) => [...all, { reviewers: "", required: "1" }])}
          disabled={drafts.length >= 10}
        >
          Add a rule
        </Button>
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save reviewers"}
        </Button>
      </div>
      <details className="text-sm text-slate-600">
        <summary className="cursor-pointer">What can be named</summary>
        <p className="mt-2" id={`${id}-teams`}>
          Teams: {teams.length ? teams.map((t) => `team:${t.key} (${t.name})`).join(", ") : "none yet (Settings → Teams)"}.
        </p>
        <p className="mt-1">
          People who can approve: {approvers.length ? approvers.map((a) => `user:${a.email}`).join(", ") : "none"}. Only enabled approvers
          and admins can approve; the person who registered a version never can.
        </p>
      </details>
    </form>
  );
}
