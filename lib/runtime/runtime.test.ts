import { afterEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../database/open";
import { peekRuntime, runtime, runtimeOnce, RuntimeNotReady, setRuntime } from "./runtime";

afterEach(() => {
  setRuntime("database", undefined);
  setRuntime("telemetry", undefined);
  setRuntime("jobKicks", undefined);
});

describe("runtime", () => {
  it("throws naming the part that server.ts has not set", () => {
    expect(() => runtime().database).toThrow(RuntimeNotReady);
    expect(() => runtime().database).toThrow("The database is not open: Rollgate must be started through server.ts (npm start).");
    expect(() => runtime().auditSigningKey).toThrow(/audit signing key/);
    const thrown = (() => {
      try {
        void runtime().dataPlane;
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(RuntimeNotReady);
    expect((thrown as RuntimeNotReady).part).toBe("dataPlane");
  });

  it("hands out what was set, and peekRuntime gives undefined instead of throwing", () => {
    const database = { describe: () => "stand-in" } as unknown as Database;
    expect(peekRuntime("database")).toBeUndefined();
    setRuntime("database", database);
    expect(runtime().database).toBe(database);
    expect(peekRuntime("database")).toBe(database);
    setRuntime("database", undefined);
    expect(peekRuntime("database")).toBeUndefined();
  });

  it("is set only through setRuntime", () => {
    expect(() => {
      (runtime() as { telemetry: unknown }).telemetry = { retentionDays: 1 };
    }).toThrow(/setRuntime/);
  });

  it("is not mistaken for a promise or serialised by accident", async () => {
    await expect(Promise.resolve(runtime())).resolves.toBeDefined();
  });

  it("runtimeOnce creates a part once per process", () => {
    const create = vi.fn(() => new Map<string, () => void>());
    const a = runtimeOnce("jobKicks", create);
    const b = runtimeOnce("jobKicks", create);
    expect(a).toBe(b);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("is shared by every module instance, as Next.js loads route handlers in their own", async () => {
    setRuntime("telemetry", { retentionDays: 7 });
    vi.resetModules();
    const other = await import("./runtime");
    expect(other.runtime().telemetry).toEqual({ retentionDays: 7 });
    expect(other.runtime).not.toBe(runtime);
  });
});
