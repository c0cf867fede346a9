"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ActionError, releaseKeys, unwrapAction } from "@/lib/query";
import type { ActionResult } from "@/lib/safe-action";

/** What a click on a page older than the release is told (the server answered 412). */
export const STALE_PAGE_MESSAGE = "The release moved on; the page has been refreshed.";

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The words for a refused move: the stale-page sentence, or the server's own message. */
export function moveErrorMessage(e: unknown): string {
  if (e instanceof ActionError) {
    if (e.code === "precondition_failed") return `${STALE_PAGE_MESSAGE} Check what it shows now, then try again.`;
    return capitalize(e.message);
  }
  return "Something went wrong on our side; it has been logged.";
}

/**
 * A release server action as a mutation. It stays pending until the release is fetched again, so
 * the page shows the new state when the button comes back. A refusal because the release moved
 * (412, or 409 for a move the new state no longer allows) refreshes the release too.
 */
export function useReleaseMove<I, R>(modelKey: string, action: (input: I) => Promise<ActionResult<R>>) {
  const queryClient = useQueryClient();
  const queryKey = releaseKeys.detail(modelKey);
  return useMutation({
    mutationFn: (input: I) => unwrapAction(action(input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
    onError: (e) => {
      if (e instanceof ActionError && (e.code === "precondition_failed" || e.code === "conflict")) {
        return queryClient.invalidateQueries({ queryKey });
      }
    },
  });
}
