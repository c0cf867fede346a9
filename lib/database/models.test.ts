import { describe, expect, it } from "vitest";
import { NotFoundError } from "../errors";
import { modelByKeyOrThrow, modelNotFound } from "./models";
import type { Tx } from "./types";

const withModels = (rows: Record<string, { id: string; key: string }>) => {
  const asked: unknown[] = [];
  const db = {
    model: {
      findUnique: async (args: { where: { key: string }; select: unknown }) => {
        asked.push(args);
        return rows[args.where.key] ?? null;
      },
    },
  } as unknown as Tx;
  return { db, asked };
};

describe("modelByKeyOrThrow", () => {
  it("reads the model by its key with the caller's select", async () => {
    const { db, asked } = withModels({ fraud: { id: "m1", key: "fraud" } });
    await expect(modelByKeyOrThrow(db, "fraud", { id: true, key: true })).resolves.toEqual({ id: "m1", key: "fraud" });
    expect(asked).toEqual([{ where: { key: "fraud" }, select: { id: true, key: true } }]);
  });

  it("answers 404 naming the model when there is none", async () => {
    const { db } = withModels({});
    const error = await modelByKeyOrThrow(db, "ghost", { id: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "not_found", message: 'Model "ghost" does not exist.' });
  });
});

describe("modelNotFound", () => {
  it("is the same 404 for readers that look the model up in SQL", () => {
    expect(modelNotFound("ghost")).toMatchObject({ status: 404, message: 'Model "ghost" does not exist.' });
  });
});
