import { describe, expect, it } from "vitest";
import { stratifiedQuotas } from "./quotas";

const sum = (q: { items: number }[]) => q.reduce((s, r) => s + r.items, 0);

describe("stratifiedQuotas", () => {
  it("gives each tenant its share of the window, adding up to the size", () => {
    const q = stratifiedQuotas(
      [
        { tenant: "b", records: 600 },
        { tenant: "a", records: 300 },
        { tenant: "c", records: 100 },
      ],
      100,
    );
    expect(q).toEqual([
      { tenant: "a", items: 30 },
      { tenant: "b", items: 60 },
      { tenant: "c", items: 10 },
    ]);
  });

  it("hands remainders to the largest fractions", () => {
    const q = stratifiedQuotas(
      [
        { tenant: "a", records: 1 },
        { tenant: "b", records: 1 },
        { tenant: "c", records: 1 },
      ],
      2,
    );
    expect(sum(q)).toBe(2);
    // equal fractions and counts: by name
    expect(q).toEqual([
      { tenant: "a", items: 1 },
      { tenant: "b", items: 1 },
      { tenant: "c", items: 0 },
    ]);
  });

  it("keeps at least one item for a small tenant when the size allows", () => {
    const q = stratifiedQuotas(
      [
        { tenant: "big", records: 10_000 },
        { tenant: "tiny", records: 3 },
      ],
      10,
    );
    expect(q).toEqual([
      { tenant: "big", items: 9 },
      { tenant: "tiny", items: 1 },
    ]);
  });

  it("takes every record when the size exceeds the window", () => {
    expect(
      stratifiedQuotas(
        [
          { tenant: "a", records: 2 },
          { tenant: "b", records: 5 },
        ],
        100,
      ),
    ).toEqual([
      { tenant: "a", items: 2 },
      { tenant: "b", items: 5 },
    ]);
  });

  it("never gives a tenant more than it has, and adds up for many shapes", () => {
    for (const size of [1, 3, 7, 50, 99]) {
      const counts = [
        { tenant: "a", records: 1 },
        { tenant: "b", records: 2 },
        { tenant: "c", records: 40 },
        { tenant: "d", records: 57 },
      ];
      const q = stratifiedQuotas(counts, size);
      expect(sum(q)).toBe(size);
      for (const r of q) expect(r.items).toBeLessThanOrEqual(counts.find((c) => c.tenant === r.tenant)!.records);
      if (size >= 4) for (const r of q) expect(r.items).toBeGreaterThanOrEqual(1);
    }
  });

  it("is empty for an empty window", () => {
    expect(stratifiedQuotas([], 10)).toEqual([]);
    expect(stratifiedQuotas([{ tenant: "a", records: 0 }], 10)).toEqual([]);
  });
});
