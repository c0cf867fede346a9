/**
 * Interactive transaction limits. Twenty reviewers clicking at once queue on one version's row
 * lock and on the connection pool; waiting a few seconds for a turn is right, failing is not.
 */
export const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;
