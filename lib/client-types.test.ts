/**
 * The JavaScript client (client/*.d.ts) is hand-typed so it installs without this repository;
 * these checks make `npm run typecheck` fail when its types and the server's contracts part:
 * an event the client's type allows must be one the ingest schema accepts, and every event the
 * schema accepts must be expressible with the client's type.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { TelemetryEvent as ClientTelemetryEvent } from "@rollgate/client";
import type { telemetryEventSchema } from "./telemetry/schemas";

type ServerTelemetryEvent = z.input<typeof telemetryEventSchema>;

describe("client typings against the contracts", () => {
  it("TelemetryEvent is the ingest schema's input (the sender fills in a missing request_id)", () => {
    expectTypeOf<ClientTelemetryEvent & { request_id: string }>().toExtend<ServerTelemetryEvent>();
    expectTypeOf<Required<ServerTelemetryEvent>>().toExtend<Required<ClientTelemetryEvent>>();
    expectTypeOf<keyof ClientTelemetryEvent>().toEqualTypeOf<keyof ServerTelemetryEvent>();
  });
});
