// GET /api/v1/models/{model}/release/stream – Server-Sent Events: the release page's data now, then after every change
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { streamReleaseRoute } from "@/lib/rollout/contracts";
import { getRelease, type ReleaseDetail } from "@/lib/rollout/queries";
import { releaseWatch } from "./release-watch";
import { mayStillRead, releaseStreamTiming } from "./stream-access";

export const dynamic = "force-dynamic";

/** The browser's reconnect delay after a drop (`retry:`). */
const RETRY_MS = 2000;
/**
 * A stream ends after this long and the browser reconnects (EventSource does so on its own):
 * each reconnect checks the session again, so a signed-out or demoted user stops receiving.
 */
const MAX_STREAM_MS = 10 * 60_000;

const event = (r: ReleaseDetail) => `id: ${r.epoch}\nevent: release\ndata: ${JSON.stringify(r)}\n\n`;

/**
 * For the signed-in release page (session, models:read) and for tokens with routes:read. One event
 * type, `release`: the same JSON as GET …/release, its epoch as the event id. Inference services
 * follow `…/routes/stream` on the data plane instead; this one carries the page's whole view.
 */
export const GET = handle(streamReleaseRoute, async ({ req, params, actor }) => {
  const first = await getRelease(db(), params.model);
  if (!first) throw new NotFoundError(`Model "${params.model}" does not exist.`);
  const encoder = new TextEncoder();
  let end = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      let unsubscribe = () => {};
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      // Every event and every heartbeat (a comment that keeps proxies from closing an idle
      // stream) waits for its reader to be checked again, in order; a refused reader ends it.
      let checks = Promise.resolve();
      const checked = (text: string) => {
        checks = checks.then(async () => {
          if (!open) return;
          if (await mayStillRead(actor)) send(text);
          else end();
        });
      };
      const heartbeat = setInterval(() => checked(": heartbeat\n\n"), releaseStreamTiming.heartbeatMs);
      const lifetime = setTimeout(() => end(), MAX_STREAM_MS);
      end = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      send(`retry: ${RETRY_MS}\n\n`);
      send(event(first));
      unsubscribe = releaseWatch().watch(first.model.key, first, (release) => (release ? checked(event(release)) : end()));
      req.signal.addEventListener("abort", () => end());
    },
    cancel() {
      end();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: compression would buffer the events
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
