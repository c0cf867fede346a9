// The loop's own behaviour, on a stand-in database and fake timers: it survives a database
// outage (logs, backs off, resumes), kick() runs a pass at once, stop() ends it. Delivery
// itself is tested against a real database in tests/integration/webhooks.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { webhookDeliveryJob, type StartOptions } from "./deliver";
import { kickWebhookDelivery } from "./kick";

function fakeDb() {
  const state = { down: false, passes: 0 };
  const db = {
    // fan-out: the first statement of every pass
    $executeRaw: vi.fn(async () => {
      state.passes++;
      if (state.down) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      return 0;
    }),
    // claim: nothing due
    $queryRaw: vi.fn(async () => []),
  };
  return { db: db as unknown as PrismaClient, state };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** The loop, started; the backoff's jitter fixed at none, so its waits are exact. */
function started(db: PrismaClient, opts: StartOptions) {
  const loop = webhookDeliveryJob(db, { random: () => 0, ...opts });
  loop.start();
  return loop;
}

describe("webhookDeliveryJob", () => {
  it("runs a pass every interval", async () => {
    const { db, state } = fakeDb();
    const loop = started(db, { intervalMs: 2000, publicUrl: "http://x", log: () => {} });
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.passes).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.passes).toBe(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(state.passes).toBe(4);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.passes).toBe(4);
  });

  it("survives a database outage: logs once, backs off, and says when it resumed", async () => {
    const { db, state } = fakeDb();
    const log = vi.fn();
    const loop = started(db, { intervalMs: 1000, publicUrl: "http://x", log });
    state.down = true;
    await vi.advanceTimersByTimeAsync(1000); // pass 1 fails → wait 2 s
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/webhooks: pass failed \(1×\), retrying in 2 s: connect ECONNREFUSED/);
    await vi.advanceTimersByTimeAsync(2000); // pass 2 fails → 4 s
    await vi.advanceTimersByTimeAsync(4000); // pass 3 fails → 8 s
    expect(state.passes).toBe(3);
    await vi.advanceTimersByTimeAsync(7000);
    expect(state.passes).toBe(3); // still waiting
    expect(log).toHaveBeenCalledTimes(1); // not once per pass
    // waits are capped at a minute however long it lasts
    for (let i = 0; i < 12; i++) await vi.advanceTimersByTimeAsync(60_000);
    const duringOutage = state.passes;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(state.passes).toBe(duringOutage + 1);

    state.down = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log.mock.calls.at(-1)![0]).toMatch(/webhooks: resumed after \d+ failed passes, running every 1 s/);
    const after = state.passes;
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.passes).toBe(after + 1); // back to the normal interval
    await loop.stop();
  });

  it("kick() runs a pass at once, also through the process-wide kick the actions use", async () => {
    const { db, state } = fakeDb();
    const loop = started(db, { intervalMs: 60_000, publicUrl: "http://x", log: () => {} });
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.passes).toBe(1);
    loop.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.passes).toBe(2);
    kickWebhookDelivery();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.passes).toBe(3);
    await loop.stop();
    kickWebhookDelivery(); // nothing registered any more
    await vi.advanceTimersByTimeAsync(0);
    expect(state.passes).toBe(3);
  });
});
