"use client";
import { environmentManager, QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { makeQueryClient } from "@/lib/query";

// One client per browser tab, shared by every provider on the page (and kept across client-side
// navigation); a new one per request on the server, so users never share a cache.
let browserClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  if (environmentManager.isServer()) return makeQueryClient();
  // not in useState: React drops state of a tree that suspends on first render, a module value survives
  browserClient ??= makeQueryClient();
  return browserClient;
}

export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
