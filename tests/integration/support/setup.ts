// Runs before every integration test file, in that file's worker: opens the suite's database,
// installs it as the process database (lib/db.ts's db()), and replaces the parts of Next.js
// that only work inside its request scope.
import { afterAll, beforeAll, inject, vi } from "vitest";
import { setRuntime } from "../../../lib/runtime";
import type { Database } from "../../../lib/database/open";
import { openTestDatabase } from "./target";

vi.mock("next-auth", async (importOriginal) => {
  const { currentSession } = await import("./session");
  const actual = await importOriginal<typeof import("next-auth")>();
  return { ...actual, getServerSession: vi.fn(async () => currentSession()) };
});

vi.mock("next/cache", async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  const noop = vi.fn();
  return { ...actual, revalidatePath: noop, revalidateTag: noop, updateTag: noop, refresh: noop };
});

vi.mock("next/navigation", async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  const { RedirectError, NotFoundPageError, ForbiddenPageError } = await import("./navigation");
  return {
    ...actual,
    redirect: vi.fn((url: string) => {
      throw new RedirectError(url);
    }),
    permanentRedirect: vi.fn((url: string) => {
      throw new RedirectError(url);
    }),
    notFound: vi.fn(() => {
      throw new NotFoundPageError();
    }),
    forbidden: vi.fn(() => {
      throw new ForbiddenPageError();
    }),
  };
});

vi.mock("next/headers", async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  const { currentRequestHeaders } = await import("./session");
  const jar = new Map<string, { name: string; value: string }>();
  const cookies = {
    get: (name: string) => jar.get(name),
    getAll: () => [...jar.values()],
    has: (name: string) => jar.has(name),
    set: (name: string, value: string) => void jar.set(name, { name, value }),
    delete: (name: string) => void jar.delete(name),
  };
  return {
    ...actual,
    headers: vi.fn(async () => currentRequestHeaders()),
    cookies: vi.fn(async () => cookies),
  };
});

let database: Database | undefined;

beforeAll(async () => {
  database = await openTestDatabase(inject("rollgateTestDb"));
  setRuntime("database", database);
});

afterAll(async () => {
  setRuntime("database", undefined);
  await database?.close();
  database = undefined;
});
