"use client";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/safe-action";
import { formMessage, issuesByField, type FieldIssues } from "./form-issues";

/**
 * The error, field and pending state of a form that sends its input to a server action and
 * stays on the page. `shownFields` are the fields the form shows issues under (see formMessage).
 */
export function useActionForm(shownFields: readonly string[]) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldIssues>({});

  /** Runs `action`; a refusal is shown on the form, an accepted result clears it and goes to `onDone`. */
  function run<R>(action: () => Promise<ActionResult<R>>, onDone: (data: R) => void, onRefused?: () => void) {
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setFields(issuesByField(result.error.issues));
        setError(formMessage(result.error, shownFields));
        onRefused?.();
        return;
      }
      setFields({});
      setError(null);
      onDone(result.data);
    });
  }

  return { pending, error, fields, setError, setFields, run };
}
