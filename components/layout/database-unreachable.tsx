"use client";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";
import { isDatabaseUnreachable } from "@/lib/database/unreachable";

const CHECK_EVERY_MS = 5_000;

/**
 * Shown instead of a page while the database is unreachable: what is wrong, that nothing was
 * half-saved, and that it recovers by itself. It asks /api/health every few seconds and reloads
 * (or calls `onRecovered`) once the database answers again; no restart is needed.
 */
export function DatabaseUnreachable({ onRecovered }: { onRecovered?: () => void }) {
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      if (stopped || !(await databaseReachable())) return;
      stopped = true;
      clearInterval(timer);
      if (onRecovered) onRecovered();
      else window.location.reload();
    }, CHECK_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [onRecovered]);

  return (
    <StatusPage
      code="503"
      title="The database is unreachable"
      actions={
        <Button
          type="button"
          variant="primary"
          disabled={checking}
          onClick={async () => {
            setChecking(true);
            if (await databaseReachable()) {
              if (onRecovered) onRecovered();
              else window.location.reload();
            }
            setChecking(false);
          }}
        >
          {checking ? "Checking…" : "Try again"}
        </Button>
      }
    >
      <div role="alert" data-testid="database-unreachable">
        <p>
          Rollgate cannot reach its database right now, so this page cannot be shown. Nothing was saved half-way: a change either happened
          completely or not at all.
        </p>
        <p className="mt-3">
          Rollgate recovers by itself when the database is back, and this page reloads then. Inference services keep routing with the tables
          they already hold. If it lasts, tell whoever runs Rollgate: <span className="font-mono text-sm">/api/health</span> says what is
          down.
        </p>
      </div>
    </StatusPage>
  );
}

/**
 * For error boundaries: whether the error came from an unreachable database. In development the
 * message says so; in production the browser gets only a digest, so it asks /api/health.
 */
export function useDatabaseDown(error: Error): boolean {
  const [down, setDown] = useState(() => isDatabaseUnreachable(error));
  useEffect(() => {
    let current = true;
    void databaseReachable().then((ok) => {
      if (current && !ok) setDown(true);
    });
    return () => {
      current = false;
    };
  }, [error]);
  return down;
}

/** True when /api/health says the database answers. */
export async function databaseReachable(): Promise<boolean> {
  try {
    const res = await fetch("/api/health", { cache: "no-store" });
    const body = (await res.json()) as { database?: { status?: string } };
    return body.database?.status === "ok";
  } catch {
    return false;
  }
}
