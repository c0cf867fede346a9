import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { QueryProvider } from "@/components/providers/query-provider";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { runtime } from "@/lib/runtime";
import { driftKeys, type DriftSelection } from "@/lib/drift/client-queries";
import { DEFAULT_WINDOW, driftCellDetail, driftHeatmap, DRIFT_WINDOWS, type DriftWindow } from "@/lib/drift/queries";
import { NotFoundError } from "@/lib/errors";
import { releasePointers } from "@/lib/lifecycle/page-queries";
import { makeQueryClient } from "@/lib/query";
import { getModel } from "@/lib/registry/queries";
import { ModelHeader } from "../_components/model-header";
import { DriftBoard } from "./_components/drift-board";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: `${modelId} drift` };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/**
 * Drift for product owners: tenants × features coloured by PSI for the chosen window, worst
 * tenant first, and one cell's baseline vs current histogram and PSI over time. Window,
 * version filter and the open cell are in the URL; the board refreshes every minute.
 */
export default async function DriftPage({ params, searchParams }: Props) {
  const user = await requirePageUser("models:read");
  const { modelId } = await params;
  const sp = await searchParams;
  const rawWindow = one(sp.window);
  const window: DriftWindow = rawWindow && Object.hasOwn(DRIFT_WINDOWS, rawWindow) ? (rawWindow as DriftWindow) : DEFAULT_WINDOW;
  const version = one(sp.version) ?? null;

  const [model, pointers] = await Promise.all([getModel(db(), modelId), releasePointers(db(), modelId)]);
  if (!model) notFound();
  const selection: DriftSelection = { model: model.key, window, version };
  const heatmap = await driftHeatmap(runtime().database, { model: model.key, window, version }).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });

  // the open cell: the one in the URL, else the top tenant's worst feature
  const top = heatmap.tenants[0];
  const tenant = one(sp.tenant) ?? top?.tenant;
  const feature = one(sp.feature) ?? top?.worst?.feature ?? heatmap.features[0]?.name;
  const queryClient = makeQueryClient();
  queryClient.setQueryData(driftKeys.heatmap(selection), heatmap);
  let cell: { tenant: string; feature: string } | null = null;
  if (tenant && feature) {
    const detail = await driftCellDetail(runtime().database, { model: model.key, window, version, tenant, feature }).catch((e: unknown) => {
      if (e instanceof NotFoundError) return null;
      throw e;
    });
    if (detail) {
      cell = { tenant, feature };
      queryClient.setQueryData(driftKeys.cell(selection, tenant, feature), detail);
    }
  }

  return (
    <>
      <ModelHeader model={model} pointers={pointers} tab="drift" showSettings={roleCan(user.role, "policy:edit")} />
      <QueryProvider>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <DriftBoard selection={selection} cell={cell} />
        </HydrationBoundary>
      </QueryProvider>
    </>
  );
}
