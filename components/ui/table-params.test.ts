import { describe, expect, it } from "vitest";
import { ariaSort, firstParam, hrefWith, pageInfo, pageWindow, parsePagination, parseSort, sortHref } from "./table-params";

describe("parseSort", () => {
  const fallback = { sort: "created", dir: "desc" } as const;
  it("accepts allowed keys and directions", () => {
    expect(parseSort({ sort: "name", dir: "asc" }, ["name", "created"], fallback)).toEqual({ sort: "name", dir: "asc" });
  });
  it("falls back on unknown keys and keeps the fallback direction for a bad dir", () => {
    expect(parseSort({ sort: "drop table" }, ["name", "created"], fallback)).toEqual(fallback);
    expect(parseSort({ sort: "name", dir: "sideways" }, ["name", "created"], fallback)).toEqual({ sort: "name", dir: "desc" });
    expect(parseSort({}, ["name"], { sort: "name", dir: "asc" })).toEqual({ sort: "name", dir: "asc" });
  });
  it("reads the first of repeated values", () => {
    expect(firstParam({ sort: ["name", "created"] }, "sort")).toBe("name");
  });
});

describe("parsePagination", () => {
  it("defaults and validates", () => {
    expect(parsePagination({})).toEqual({ page: 1, pageSize: 20 });
    expect(parsePagination({ page: "3", pageSize: "50" })).toEqual({ page: 3, pageSize: 50 });
    expect(parsePagination({ page: "0", pageSize: "7" })).toEqual({ page: 1, pageSize: 20 });
    expect(parsePagination({ page: "2.5" })).toEqual({ page: 1, pageSize: 20 });
    expect(parsePagination({ pageSize: "10" }, { defaultPageSize: 10, sizes: [10, 25] })).toEqual({ page: 1, pageSize: 10 });
  });
});

describe("hrefWith / sortHref", () => {
  it("keeps other parameters and applies changes", () => {
    expect(hrefWith("/models", { q: "fraud", page: "3" }, { page: 4 })).toBe("/models?q=fraud&page=4");
    expect(hrefWith("/models", { page: "3" }, { page: undefined })).toBe("/models");
    expect(hrefWith("/audit", { action: ["a", "b"] }, {})).toBe("/audit?action=a&action=b");
  });
  it("toggles the active column and starts others at their first direction, back to page 1", () => {
    const current = { sort: "name", dir: "asc" } as const;
    expect(sortHref("/m", { sort: "name", dir: "asc", page: "2", q: "x" }, current, "name")).toBe("/m?q=x&sort=name&dir=desc");
    expect(sortHref("/m", {}, { sort: "name", dir: "desc" }, "name")).toBe("/m?sort=name&dir=asc");
    expect(sortHref("/m", {}, current, "created", "desc")).toBe("/m?sort=created&dir=desc");
  });
  it("reports aria-sort", () => {
    expect(ariaSort({ sort: "a", dir: "asc" }, "a")).toBe("ascending");
    expect(ariaSort({ sort: "a", dir: "desc" }, "a")).toBe("descending");
    expect(ariaSort({ sort: "a", dir: "desc" }, "b")).toBe("none");
  });
});

describe("pageInfo", () => {
  it("computes the range shown", () => {
    expect(pageInfo(1, 20, 57)).toMatchObject({ page: 1, pageCount: 3, from: 1, to: 20, hasPrev: false, hasNext: true });
    expect(pageInfo(3, 20, 57)).toMatchObject({ page: 3, from: 41, to: 57, hasPrev: true, hasNext: false });
  });
  it("clamps pages past the end and handles empty tables", () => {
    expect(pageInfo(9, 20, 57)).toMatchObject({ page: 3, from: 41, to: 57 });
    expect(pageInfo(2, 20, 0)).toMatchObject({ page: 1, pageCount: 1, from: 0, to: 0, hasNext: false });
  });
});

describe("pageWindow", () => {
  it("shows everything when few pages", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5]);
  });
  it("puts gaps where pages are skipped", () => {
    expect(pageWindow(1, 10)).toEqual([1, 2, "gap", 10]);
    expect(pageWindow(5, 10)).toEqual([1, "gap", 4, 5, 6, "gap", 10]);
    expect(pageWindow(10, 10)).toEqual([1, "gap", 9, 10]);
  });
});
