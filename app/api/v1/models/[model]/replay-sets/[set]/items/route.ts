// GET /api/v1/models/{model}/replay-sets/{set}/items – the set's items as JSONL, streamed, the frozen hash in a header
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { CONTENT_HASH_HEADER, ERASED_HEADER, ITEM_COUNT_HEADER, pullReplaySetRoute } from "@/lib/replay/contracts";
import { getReplaySet, setLines } from "@/lib/replay/server";

export const dynamic = "force-dynamic";

export const GET = handle(pullReplaySetRoute, async ({ params }) => {
  const set = await getReplaySet(db(), params.model, params.set);
  const lines = setLines(db(), set.id);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const headers: Record<string, string> = {
    "content-type": "application/x-ndjson; charset=utf-8",
    "content-disposition": `attachment; filename="${set.model}-${set.name}.jsonl"`,
    "cache-control": "no-store",
    [CONTENT_HASH_HEADER]: set.contentHash,
    [ITEM_COUNT_HEADER]: String(set.itemCount),
  };
  if (set.erased) headers[ERASED_HEADER] = `${set.erased.count} ${set.erased.at}`;
  return new Response(body, { headers });
});
