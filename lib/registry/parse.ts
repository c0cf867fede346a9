/**
 * Request body → plain value, before schema validation. JSON and YAML must arrive at the same
 * value for the same manifest (the content hash depends on it), so YAML is read with the
 * YAML 1.2 core schema: `2025-01-01` stays a string, `yes` stays a string, no custom types.
 */
import { isScalar, parseDocument, visit, type Document } from "yaml";
import { jsonDepth } from "../input/json-depth";
import { MAX_INPUT_DEPTH } from "../input/unsafe-input";
import type { ManifestIssue } from "./issues";

export type ParseResult = { ok: true; value: unknown; format: "json" | "yaml" } | { ok: false; issues: ManifestIssue[] };

/**
 * Aliases expand on read; a few nested aliases can expand into billions of nodes ("billion
 * laughs"). A manifest has no use for more than a handful, and yaml counts every node an
 * alias expands to, so this still allows reusing a list or two.
 */
export const MAX_YAML_ALIAS_COUNT = 100;

const MAX_REPORTED_ERRORS = 10;

/**
 * Fields that hold a version (manifest-schema.ts `versionLike`). People write `schema_version: 12`
 * and `python: 3.10` unquoted; YAML reads those as numbers, and 3.10 as 3.1. Such a value is
 * kept as written, so `3.10` stays "3.10" and `12` hashes as "12" does.
 */
export const VERSION_KEYS: ReadonlySet<string> = new Set(["schema_version", "preprocess_version", "python", "version"]);

function keepVersionsAsWritten(doc: Document): void {
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || !VERSION_KEYS.has(String(pair.key.value))) return;
      const value = pair.value;
      if (isScalar(value) && typeof value.value === "number" && value.type === "PLAIN" && typeof value.source === "string") {
        value.value = value.source;
      }
    },
  });
}

const YAML_TYPES = new Set(["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"]);

/**
 * Types whose body is sniffed: none, `text/plain`, and the two types `curl -d` and generic
 * upload tools send when nobody set one, so a manifest posted without a header still works.
 */
const SNIFFED_TYPES = new Set(["text/plain", "application/x-www-form-urlencoded", "application/octet-stream"]);

function mediaType(contentType: string | null): string | null {
  if (contentType === null) return null;
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return type === "" ? null : type;
}

function failure(message: string): ParseResult {
  return { ok: false, issues: [{ path: "", message }] };
}

function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(index, text.length) - lineStart + 1 };
}

/**
 * JSON.parse keeps the last of two equal keys without a word; a manifest with `limits` twice
 * would register whichever came last. This scans the (already valid) JSON text for keys
 * repeated within one object.
 */
function findDuplicateJsonKeys(text: string): { key: string; index: number }[] {
  type Frame = { keys: Set<string> | null; expectKey: boolean };
  const stack: Frame[] = [];
  const duplicates: { key: string; index: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) duplicates.push({ key, index: i });
        top.keys.add(key);
        top.expectKey = false;
      }
      i = end;
    } else if (c === "{") {
      stack.push({ keys: new Set(), expectKey: true });
    } else if (c === "[") {
      stack.push({ keys: null, expectKey: false });
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === ",") {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
    }
  }
  return duplicates;
}

function parseJson(text: string, declared: boolean): ParseResult {
  if (jsonDepth(text) > MAX_INPUT_DEPTH) {
    return failure(`The JSON nests [ ] or { } deeper than ${MAX_INPUT_DEPTH} levels; no manifest does.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(raw);
    const index = position ? Number(position[1]) : text.length;
    const { line, column } = lineColumn(text, index);
    const reason = raw
      .replace(/\s*\(line \d+ column \d+\)/, "")
      .replace(/\s*in JSON at position \d+.*$/, "")
      .replace(/\s*at position \d+.*$/, "")
      .replace(/\.$/, "");
    const looksLikeYaml = declared && !/^[[{]/.test(text.trimStart());
    const hint = looksLikeYaml ? " The body does not look like JSON; to send YAML use Content-Type: application/yaml." : "";
    return failure(`JSON syntax error at line ${line}, column ${column}: ${reason}.${hint}`);
  }
  const duplicates = findDuplicateJsonKeys(text);
  if (duplicates.length > 0) {
    return {
      ok: false,
      issues: duplicates.slice(0, MAX_REPORTED_ERRORS).map(({ key, index }) => {
        const { line, column } = lineColumn(text, index);
        return {
          path: "",
          message: `Duplicate key "${key}" at line ${line}, column ${column}: each field may appear only once in an object.`,
        };
      }),
    };
  }
  return { ok: true, value, format: "json" };
}

/**
 * How deep `[` and `{` nest in a YAML text, outside quotes and comments. The YAML parser
 * recurses per level and a few thousand levels exhaust its stack or the process's memory
 * (a 20 KB body of `[[[[…` could take the server down), so deep flow nesting is refused
 * before parsing. Block nesting needs indentation that grows with every level, so a body
 * within the size limit cannot nest deep enough that way to hurt; the manifest's value walk
 * refuses it past MAX_INPUT_DEPTH. A bracket inside a plain scalar may count too: this only
 * ever refuses a text nobody writes by hand.
 */
export function yamlFlowDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "'") {
      for (i++; i < text.length; i++) {
        if (text[i] === "'") {
          if (text[i + 1] === "'") i++;
          else break;
        }
      }
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "[" || c === "{") {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if ((c === "]" || c === "}") && depth > 0) {
      depth--;
    }
  }
  return max;
}

function parseYaml(text: string): ParseResult {
  if (yamlFlowDepth(text, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH) {
    return failure(`The YAML nests [ ] or { } deeper than ${MAX_INPUT_DEPTH} levels; no manifest does.`);
  }
  // logLevel 'error': yaml would otherwise print process warnings (e.g. for a list used as a
  // key) into the server log; such input is refused by the schema anyway.
  const doc = parseDocument(text, {
    version: "1.2",
    schema: "core",
    uniqueKeys: true,
    prettyErrors: true,
    logLevel: "error",
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.slice(0, MAX_REPORTED_ERRORS).map((error) => {
        const pos = error.linePos?.[0];
        const where = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
        // prettyErrors appends " at line L, column C:" and a source excerpt; keep the reason.
        let reason = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").trim();
        if (error.code === "DUPLICATE_KEY") {
          const line = pos ? (text.split("\n")[pos.line - 1] ?? "") : "";
          const key = pos ? /^\s*["']?([^"':]+)/.exec(line.slice(pos.col - 1))?.[1]?.trim() : undefined;
          reason = `duplicate key${key ? ` "${key}"` : ""}: each field may appear only once in a mapping`;
        }
        return { path: "", message: `YAML syntax error${where}: ${reason}.` };
      }),
    };
  }
  if (doc.contents === null) {
    return failure("The YAML document is empty (only comments or whitespace): send the manifest fields.");
  }
  try {
    keepVersionsAsWritten(doc);
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }), format: "yaml" };
  } catch (error) {
    if (error instanceof ReferenceError && /excessive alias count/i.test(error.message)) {
      return failure(
        `The YAML uses aliases (*name) that expand to too many nodes (limit ${MAX_YAML_ALIAS_COUNT}); ` +
          "this is refused as a possible alias-expansion attack. Write the values out instead.",
      );
    }
    return failure(`The YAML could not be read: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/**
 * Parses a manifest body. `contentType` is the request's Content-Type header (parameters such
 * as charset are ignored). JSON: `application/json` or any `+json` type. YAML:
 * `application/yaml`, `application/x-yaml`, `text/yaml` (and `text/x-yaml`, `+yaml`). Without
 * a type, or with `text/plain`, a body starting with `{` or `[` is JSON and anything else YAML.
 */
export function parseManifestText(text: string, contentType: string | null): ParseResult {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (body.trim() === "") {
    return failure("The request body is empty: send the manifest as JSON or YAML.");
  }
  const type = mediaType(contentType);
  if (type === "application/json" || type?.endsWith("+json")) return parseJson(body, true);
  if (type !== null && (YAML_TYPES.has(type) || type.endsWith("+yaml"))) return parseYaml(body);
  if (type === null || SNIFFED_TYPES.has(type)) {
    return /^[[{]/.test(body.trimStart()) ? parseJson(body, false) : parseYaml(body);
  }
  return failure(`Unsupported Content-Type "${contentType}": send the manifest as application/json or application/yaml.`);
}
