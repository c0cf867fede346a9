import { afterEach, describe, expect, it, vi } from "vitest";
import type { Tx } from "../database/types";
import { emitEvent, InvalidEventError } from "./emit";
import { EXAMPLE_EVENTS } from "./examples";
import type { OutboxEventInput } from "./schemas";

const config = vi.hoisted(() => ({ nodeEnv: "test" as "test" | "production" }));
vi.mock("../env", () => ({ env: () => config }));

function fakeTx() {
  const create = vi.fn(async (_args: unknown) => ({ id: 41n }));
  return { tx: { outboxEvent: { create } } as unknown as Tx, create };
}

afterEach(() => {
  config.nodeEnv = "test";
  vi.restoreAllMocks();
});

describe("emitEvent", () => {
  it("writes the event in the caller's transaction and returns its id", async () => {
    const { tx, create } = fakeTx();
    const event = EXAMPLE_EVENTS["tenant.pinned"];
    expect(await emitEvent(tx, event)).toEqual({ id: 41n });
    expect(create).toHaveBeenCalledWith({
      data: { type: "tenant.pinned", modelKey: "fraud-score", payload: event.payload },
      select: { id: true },
    });
  });

  it("takes the creation time when the caller gives one", async () => {
    const { tx, create } = fakeTx();
    const createdAt = new Date("2026-02-01T10:00:00.000Z");
    await emitEvent(tx, EXAMPLE_EVENTS["webhook.test"], { createdAt });
    expect(create.mock.calls[0]?.[0]).toMatchObject({ data: { type: "webhook.test", modelKey: null, createdAt } });
  });

  it("refuses a payload that is not what its schema says, naming the field, and writes nothing", async () => {
    const { tx, create } = fakeTx();
    const bad = {
      ...EXAMPLE_EVENTS["release.advanced"],
      payload: { ...EXAMPLE_EVENTS["release.advanced"].payload, percent: "25" },
    } as unknown as OutboxEventInput;
    await expect(emitEvent(tx, bad)).rejects.toThrow(InvalidEventError);
    await expect(emitEvent(tx, bad)).rejects.toThrow(/release\.advanced .*payload\.percent/);
    expect(create).not.toHaveBeenCalled();
  });

  it("in production, logs a mismatch and writes the event as given: a webhook payload never blocks a change", async () => {
    config.nodeEnv = "production";
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { tx, create } = fakeTx();
    const bad = { type: "release.paused", modelKey: "m", payload: { model: "m", percent: 5 } } as unknown as OutboxEventInput;
    await emitEvent(tx, bad);
    expect(log).toHaveBeenCalledWith(expect.stringContaining("outbox event release.paused does not match its schema"));
    expect(create).toHaveBeenCalledWith({
      data: { type: "release.paused", modelKey: "m", payload: { model: "m", percent: 5 } },
      select: { id: true },
    });
  });
});
