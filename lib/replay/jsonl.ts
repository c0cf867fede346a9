/**
 * The bytes of a replay set as `rollgate replay pull` writes them: one line per item in
 * position order, each the canonical JSON of the item (keys sorted at every depth, no
 * whitespace; lib/audit/canonical.ts) followed by "\n". The set's contentHash is the SHA-256
 * of exactly these bytes (UTF-8), so anyone holding the file can check it without Rollgate:
 * `sha256sum set.jsonl`.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/canonical";

export type SetItemLine = {
  request_id: string;
  tenant: string;
  version: string;
  /** ISO 8601, milliseconds, UTC */
  ts: string;
  input: unknown;
  output: unknown;
};

export function itemLine(item: { requestId: string; tenant: string; version: string; ts: Date; input: unknown; output: unknown }): string {
  const line: SetItemLine = {
    request_id: item.requestId,
    tenant: item.tenant,
    version: item.version,
    ts: item.ts.toISOString(),
    input: item.input ?? null,
    output: item.output ?? null,
  };
  return `${canonicalJson(line)}\n`;
}

/** A running SHA-256 over lines, so a stream and a freeze hash the same bytes the same way. */
export function lineHasher() {
  const hash = createHash("sha256");
  return {
    add(line: string) {
      hash.update(line, "utf8");
    },
    hex: () => hash.digest("hex"),
  };
}

export function hashLines(lines: Iterable<string>): string {
  const h = lineHasher();
  for (const line of lines) h.add(line);
  return h.hex();
}
