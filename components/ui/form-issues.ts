/** A field's message, keyed by the field's name (the first segment of the issue's path). */
export type FieldIssues = Record<string, string>;

// zod issues carry the path as an array; action results carry it formatted (`a.b[0]`)
export type Issue = { path: string | ReadonlyArray<PropertyKey>; message: string };

const fieldOf = (path: Issue["path"]): string => (typeof path === "string" ? (path.split(/[.[]/)[0] ?? "") : String(path[0] ?? ""));

/** Field issues from a zod error or an action result; a field keeps its first message. */
export function issuesByField(issues: ReadonlyArray<Issue> | undefined): FieldIssues {
  const out: FieldIssues = {};
  for (const issue of issues ?? []) {
    out[fieldOf(issue.path)] ??= issue.message;
  }
  return out;
}

/**
 * The form-level message for a failed action: when every issue belongs to a field the form
 * shows, the fields carry the detail and the alert only points at them.
 */
export function formMessage(
  error: { message: string; issues?: ReadonlyArray<Pick<Issue, "path">> },
  shownFields: readonly string[],
): string {
  const issues = error.issues ?? [];
  if (issues.length && issues.every((i) => shownFields.includes(fieldOf(i.path)))) {
    return issues.length === 1 ? "Check the highlighted field." : "Check the highlighted fields.";
  }
  return error.message;
}
