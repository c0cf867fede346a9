/**
 * The CLI's exit codes, distinct per failure class so a CI step can branch on them
 * (e.g. retry on 6, fail the build on 3 or 4). 1 is left for an unexpected crash.
 */
export const EXIT = {
  ok: 0,
  usage: 2,
  validation: 3,
  conflict: 4,
  auth: 5,
  server: 6,
  /**
   * rollgate audit verify: a signature or the audit chain does not match; evidence verify: the pack was altered;
   * replay pull: the file does not match the set's frozen hash
   */
  mismatch: 7,
  /** rollgate evidence verify: the pack was signed with another key than the one trusted */
  wrongKey: 8,
  /** rollgate evidence verify: the audit chain inside the pack does not hold */
  chainBroken: 9,
  /** rollgate replay pull: items were erased from the set since it was frozen, so it no longer matches its hash */
  erased: 10,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
