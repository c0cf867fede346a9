/**
 * The endpoint reference of docs/api.md, rendered from the route contracts: one section per tag,
 * one entry per operation with who may call it, its parameters, body and answers. Only the part
 * between the markers is generated (`npm run docs:api`); the prose around it is written by hand.
 */
import { z } from "zod";
import { componentOf, ERROR_RESPONSES, scopesOf, TAGS, type Access, type RouteContract, type Tag } from "./contract";

export const BEGIN_MARKER = "<!-- BEGIN GENERATED: npm run docs:api -->";
export const END_MARKER = "<!-- END GENERATED -->";

function accessLine(access: Access): string {
  if ("public" in access) return "Public.";
  const parts = [
    scopesOf(access).length > 0
      ? `token scope ${scopesOf(access)
          .map((s) => `\`${s}\``)
          .join(" or ")}`
      : null,
    access.session ? `a signed-in user with \`${access.session}\`` : null,
  ].filter(Boolean);
  return parts.length ? `${parts.join(", or ")}.` : "Nobody.";
}

type Field = { name: string; required: boolean; description: string };

function queryFields(schema: z.ZodType): Field[] {
  const js = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { description?: string; enum?: unknown[]; default?: unknown }>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, p]) => ({
    name,
    required: js.required?.includes(name) ?? false,
    description: [
      p.description,
      p.enum ? `one of ${p.enum.map((v) => `\`${String(v)}\``).join(", ")}` : null,
      p.default !== undefined ? `default \`${JSON.stringify(p.default)}\`` : null,
    ]
      .filter(Boolean)
      .join("; "),
  }));
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

function operation(c: RouteContract): string {
  const lines = [
    `### ${c.summary}`,
    "",
    `\`${c.method} ${c.path}\`${c.plane === "data" ? " — data plane" : ""} · \`${c.operationId}\``,
    "",
  ];
  if (c.description) lines.push(c.description, "");
  lines.push(`**Who:** ${accessLine(c.access)}`, "");
  const fields: (Field & { in: string })[] = [
    ...Object.entries(c.params ?? {}).map(([name, p]) => ({ name, in: "path", required: true, description: p.description ?? "" })),
    ...(c.query ? queryFields(c.query).map((f) => ({ ...f, in: "query" })) : []),
    ...(c.headers ?? []).map((h) => ({ name: h.name, in: "header", required: false, description: h.description })),
  ];
  if (fields.length) {
    lines.push("| Parameter | In | Required | Meaning |", "|---|---|---|---|");
    for (const f of fields) lines.push(`| \`${f.name}\` | ${f.in} | ${f.required ? "yes" : "no"} | ${cell(f.description)} |`);
    lines.push("");
  }
  if (c.body) lines.push(`**Body** (\`${c.body.name}\`${c.body.required ? "" : ", optional"}): ${c.body.description}`, "");
  lines.push("| Status | Answer |", "|---|---|");
  for (const [status, r] of Object.entries(c.responses)) {
    const named = r.json ? componentOf(r.json)?.name : undefined;
    const media = Object.keys(r.media ?? {});
    const body = named ? ` (\`${named}\`)` : media.length ? ` (${media.map((m) => `\`${m}\``).join(", ")})` : "";
    lines.push(`| ${status} | ${cell(r.description)}${body} |`);
  }
  for (const e of c.errors) lines.push(`| ${ERROR_RESPONSES[e].status} | ${cell(ERROR_RESPONSES[e].description)} |`);
  lines.push("");
  return lines.join("\n");
}

export function renderReference(contracts: readonly RouteContract[]): string {
  const out = [BEGIN_MARKER, ""];
  for (const [tag, description] of Object.entries(TAGS) as [Tag, string][]) {
    const ops = contracts.filter((c) => c.tags[0] === tag);
    if (!ops.length) continue;
    out.push(`## ${tag.charAt(0).toUpperCase()}${tag.slice(1)}`, "", description, "");
    for (const c of ops) out.push(operation(c));
  }
  out.push(END_MARKER);
  return out.join("\n");
}

/** `text` with its generated section replaced by `reference`. */
export function withReference(text: string, reference: string): string {
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`docs/api.md has lost its markers (${BEGIN_MARKER} … ${END_MARKER})`);
  return text.slice(0, begin) + reference + text.slice(end + END_MARKER.length);
}
