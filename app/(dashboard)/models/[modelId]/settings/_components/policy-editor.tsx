"use client";
import { useId, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { FieldIssue } from "@/lib/errors";
import { updatePolicyAction } from "@/lib/lifecycle/policy-actions";
import type { PolicySource } from "@/lib/lifecycle/policy-service";
import { PolicySourceLine } from "./policy-source";
import { issueLines, parsePolicyText, policyText, summarisePolicy } from "@/lib/policy/policy-draft";

type Refusal = { message: string; issues: FieldIssue[]; stale: boolean };

/**
 * The policy as JSON, checked on every keystroke with the schema the server saves with, so
 * the messages by path here are the ones a save would return. The save carries the model's
 * updatedAt as loaded: if another admin saved in between, the server refuses and nothing of
 * theirs is overwritten.
 */
export function PolicyEditor({
  model,
  initialText,
  updatedAt,
  defaultText,
  storedIssues,
  isDefault,
  source,
}: {
  model: string;
  initialText: string;
  updatedAt: string;
  defaultText: string;
  /** what is wrong with the stored policy (empty when valid) */
  storedIssues: FieldIssue[];
  isDefault: boolean;
  source: PolicySource;
}) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const [saved, setSaved] = useState({ text: initialText, updatedAt, source });
  const [notice, setNotice] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, startTransition] = useTransition();

  const check = parsePolicyText(text);
  const dirty = text !== saved.text;
  const summary = check.ok ? summarisePolicy(check.policy) : null;

  function edit(next: string) {
    setText(next);
    setNotice(null);
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!check.ok) return;
    setRefusal(null);
    setNotice(null);
    startTransition(async () => {
      const result = await updatePolicyAction({ model, policy: text, updatedAt: saved.updatedAt });
      if (!result.ok) {
        setRefusal({ message: result.error.message, issues: result.error.issues ?? [], stale: result.error.code === "conflict" });
        return;
      }
      const waiting = result.data.pending;
      if (waiting) {
        // not applied: the change waits for a second admin (shown above the editor after refresh)
        setNotice(
          `Not applied yet: this change weakens the approval gate (${waiting.weakens.join("; ")}), so another admin must confirm it.` +
            (waiting.noOtherAdmin ? " There is no other enabled admin in this installation, so it stays pending until one exists." : ""),
        );
        // reload to show it above the editor, with Confirm and Discard
        window.location.reload();
        return;
      }
      const normalised = policyText(result.data.policy);
      setSaved({ text: normalised, updatedAt: result.data.updatedAt, source: result.data.source });
      setText(normalised);
      setNotice(
        result.data.changed
          ? "Policy saved. It applies from the next evaluation, approval and release of this model."
          : "Nothing to save: the stored policy is already exactly this.",
      );
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <PolicySourceLine source={saved.source} />
      {storedIssues.length > 0 && !dirty && (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
          The stored policy is invalid, so this model&apos;s evaluations and approvals are refused until it is fixed. It is shown below as
          stored; the problems are listed under the editor.
        </p>
      )}
      {isDefault && !dirty && (
        <p className="text-sm text-slate-600">
          Nothing has been set for this model yet: below are the defaults it runs on. Saving them writes them down, so later changes to the
          defaults no longer apply to this model.
        </p>
      )}
      <FormError
        title="The policy was not saved"
        message={refusal ? (refusal.issues.length > 0 ? "Fix the problems listed under the editor." : refusal.message) : null}
        onDismiss={() => setRefusal(null)}
      />
      {refusal?.stale && (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <Button type="button" size="sm" onClick={() => window.location.reload()}>
            Reload the saved policy
          </Button>
          <span className="text-slate-600">Copy your edits first if you want to keep them: reloading replaces the editor&apos;s text.</span>
        </div>
      )}
      {notice && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
          {notice}
        </p>
      )}

      <div>
        <label htmlFor={`${id}-policy`} className="block text-sm font-medium text-slate-800">
          Policy (JSON)
        </label>
        <textarea
          id={`${id}-policy`}
          name="policy"
          value={text}
          onChange={(e) => edit(e.target.value)}
          rows={28}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-invalid={check.ok ? undefined : true}
          aria-describedby={`${id}-check`}
          className={
            "mt-1 block w-full rounded-md border bg-white px-3 py-2 font-mono text-[13px] leading-relaxed text-slate-900 shadow-sm focus:outline-2 focus:outline-offset-0 " +
            (check.ok ? "border-slate-300 focus:outline-brand-500" : "border-red-400 focus:outline-red-500")
          }
        />
      </div>

      <div id={`${id}-check`} aria-live="polite" className="text-sm">
        {check.ok ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2.5 text-slate-700">
            <p className="font-medium text-emerald-800">Valid policy{dirty ? " (not saved yet)" : ""}.</p>
            {summary && (
              <p className="mt-1">
                Gates: {summary.gates.length === 0 ? "none" : summary.gates.join("; ")}. Approvals: {summary.approvals}. Ramp:{" "}
                {summary.ramp}; bake {summary.bake}.
              </p>
            )}
          </div>
        ) : (
          <div className="rounded-md border border-red-200 bg-red-50 px-3 py-2.5 text-red-900">
            <p className="font-medium">
              {check.issues.length === 1 ? "1 problem" : `${check.issues.length} problems`}; the policy cannot be saved until{" "}
              {check.issues.length === 1 ? "it is" : "they are"} fixed:
            </p>
            <IssueList issues={check.issues} />
          </div>
        )}
        {refusal && refusal.issues.length > 0 && (
          <div className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2.5 text-red-900">
            <p className="font-medium">The server refused the policy:</p>
            <IssueList issues={refusal.issues} />
          </div>
        )}
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="ghost" onClick={() => edit(defaultText)} disabled={text === defaultText}>
            Reset to defaults
          </Button>
          <Button type="button" variant="ghost" onClick={() => edit(saved.text)} disabled={!dirty}>
            Discard changes
          </Button>
        </div>
        <Button type="submit" variant="primary" disabled={pending || !check.ok || !dirty}>
          {pending ? "Saving…" : "Save policy"}
        </Button>
      </div>
    </form>
  );
}

function IssueList({ issues }: { issues: FieldIssue[] }) {
  return (
    <ul className="mt-1 list-disc space-y-0.5 pl-5">
      {issueLines(issues).map((line, i) => (
        <li key={`${i}-${line}`} className="font-mono text-[13px]">
          {line}
        </li>
      ))}
    </ul>
  );
}
