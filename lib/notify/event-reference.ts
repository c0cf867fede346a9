/**
 * The event table of docs/webhooks.md, rendered from the event schemas (lib/events) and the
 * settings form's descriptions (events.ts): each type, when it is sent, and the fields of its
 * `data`. Only the part between the markers is generated (`npm run docs:events`).
 */
import { z } from "zod";
import { outboxEventSchema, TEST_EVENT } from "../events/schemas";
import { EVENT_GROUPS, EVENT_TYPES, groupOf, isEventGroup } from "./events";

export const BEGIN_MARKER = "<!-- BEGIN GENERATED: npm run docs:events -->";
export const END_MARKER = "<!-- END GENERATED -->";

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  format?: string;
  properties?: Record<string, JsonSchema>;
};

const oneOf = (values: string[]) => (values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values.at(-1)}` : (values[0] ?? "any"));

function typeName(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return oneOf(s.enum.map((v) => `\`${JSON.stringify(v)}\``));
  if (s.anyOf) return oneOf(s.anyOf.map(typeName));
  if (Array.isArray(s.type)) return oneOf(s.type);
  if (s.type === "array") return `list of ${typeName(s.items ?? {})}`;
  if (s.type === "object")
    return `object (${Object.keys(s.properties ?? {})
      .map((k) => `\`${k}\``)
      .join(", ")})`;
  if (s.type === "string" && s.format === "date-time") return "time (ISO 8601, UTC)";
  return s.type ?? "any";
}

function description(type: string): string {
  if (type === TEST_EVENT) return 'Sent by "Send test" to the one webhook tested; no filter selects it.';
  return Object.hasOwn(EVENT_TYPES, type) ? EVENT_TYPES[type as keyof typeof EVENT_TYPES] : "";
}

type EventSchema = (typeof outboxEventSchema.options)[number];

function row(option: EventSchema): string {
  const type = option.shape.type.value;
  const props = (z.toJSONSchema(option.shape.payload) as JsonSchema).properties ?? {};
  const fields = Object.entries(props).map(([name, s]) => `\`${name}\`: ${typeName(s)}`);
  return `| \`${type}\` | ${description(type)} | ${fields.join("; ").replace(/\|/g, "\\|")} |`;
}

export function renderEventReference(): string {
  const groups = new Map<string, EventSchema[]>();
  for (const option of outboxEventSchema.options) {
    const g = groupOf(option.shape.type.value);
    groups.set(g, [...(groups.get(g) ?? []), option]);
  }
  return [...groups]
    .map(([g, options]) => {
      const heading = isEventGroup(g) ? `${EVENT_GROUPS[g]} (\`${g}.*\`)` : "Test delivery";
      return [`#### ${heading}`, "", "| Event | Sent when | `data` |", "|---|---|---|", ...options.map(row)].join("\n");
    })
    .join("\n\n");
}

/** The document with its generated part replaced. */
export function withEventReference(doc: string, reference: string): string {
  const start = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER, start);
  if (start < 0 || end < 0) throw new Error(`docs/webhooks.md needs the markers ${BEGIN_MARKER} and ${END_MARKER}`);
  return `${doc.slice(0, start + BEGIN_MARKER.length)}\n${reference}\n${doc.slice(end)}`;
}
