/** An audit event as the API and the release history return it. */
import { z } from "zod";
import { component } from "../api/contract";
import { isoDateTime as iso } from "../api/schemas";

export const auditEventSchema = component(
  "AuditEvent",
  z.object({
    seq: z.string().meta({ description: "64-bit sequence number, as a string" }),
    at: iso,
    actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
    action: z.string().meta({ example: "version.registered" }),
    subject: z.object({ type: z.string(), id: z.string() }),
    modelKey: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    hash: z.string(),
    prevHash: z.string(),
  }),
);
