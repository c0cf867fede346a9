/**
 * Audit subject ids, in one place: writers (registry, lifecycle) and readers (a version's
 * history) must spell them identically, or a version's page loses events. Pure, no imports,
 * so services, queries and scripts can all use it.
 */

/** The subject id of a model version: `<model key>@<version id>`, e.g. `fraud-score@2026-01-15.2`. */
export function modelVersionSubjectId(modelKey: string, version: string): string {
  return `${modelKey}@${version}`;
}

/** What a subject is called now: a user's name (email as detail), a token's or webhook's name, an incident's rollback. */
export type SubjectName = { name: string; detail: string | null };

/** Subject names keyed by subjectKey(type, id). */
export type SubjectNames = Record<string, SubjectName>;

export function subjectKey(type: string, id: string): string {
  return `${type}:${id}`;
}
