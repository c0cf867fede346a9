import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { QueryProvider } from "@/components/providers/query-provider";
import { GuardrailsPanel } from "@/components/release/guardrails-panel";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { makeQueryClient, releaseKeys } from "@/lib/query";
import { getRelease } from "@/lib/rollout/queries";
import { ModelTabs } from "../_components/model-tabs";
import { ReleaseHealth } from "./_components/release-health";
import { ReleaseLive } from "./_components/release-live";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: `${modelId} release` };
}

/**
 * The model's production release, live: the server renders it and hands the same DTO to the
 * browser's query cache; from there the release stream (or polling, when the stream is down)
 * keeps it current without a reload.
 */
export default async function ReleasePage({ params }: Props) {
  const user = await requirePageUser("models:read");
  const { modelId } = await params;
  const release = await getRelease(db(), modelId);
  if (!release) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(releaseKeys.detail(release.model.key), release);

  return (
    <QueryProvider>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ReleaseLive
          modelKey={release.model.key}
          canOperate={roleCan(user.role, "release:operate")}
          guardrails={<GuardrailsPanel modelKey={release.model.key} canEvaluate={roleCan(user.role, "policy:edit")} />}
          tabs={<ModelTabs model={release.model.key} active="release" showSettings={roleCan(user.role, "policy:edit")} />}
        />
        <ReleaseHealth modelKey={release.model.key} />
      </HydrationBoundary>
    </QueryProvider>
  );
}
