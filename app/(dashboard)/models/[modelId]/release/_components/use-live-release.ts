"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { releaseKeys, releaseQuery, releaseStreamUrl } from "@/lib/query";
import type { ReleaseDetail } from "@/lib/rollout/queries";

/** While the stream is down, the release is polled this often instead. */
const POLL_FALLBACK_MS = 2000;

/**
 * The release, kept current: the release stream pushes the DTO after every change (another user,
 * the API, the guardrail loop) straight into the query cache; when the stream is down (proxy,
 * server restart) the query polls until it is back. EventSource reconnects on its own.
 */
export function useLiveRelease(modelKey: string) {
  const queryClient = useQueryClient();
  const [streaming, setStreaming] = useState(false);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(releaseStreamUrl(modelKey));
    const onRelease = (ev: MessageEvent<string>) => {
      const next = JSON.parse(ev.data) as ReleaseDetail;
      // never step back: a refetch started before a newer push may land after it
      queryClient.setQueryData<ReleaseDetail>(releaseKeys.detail(modelKey), (prev) => (prev && prev.epoch > next.epoch ? prev : next));
    };
    source.addEventListener("release", onRelease);
    source.onopen = () => setStreaming(true);
    source.onerror = () => setStreaming(false);
    return () => {
      source.removeEventListener("release", onRelease);
      source.close();
    };
  }, [modelKey, queryClient]);

  const query = useQuery({ ...releaseQuery(modelKey), refetchInterval: streaming ? false : POLL_FALLBACK_MS });
  return { ...query, streaming };
}
