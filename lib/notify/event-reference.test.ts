import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_TYPE_LIST } from "../events/schemas";
import { renderEventReference, withEventReference } from "./event-reference";

describe("the event table of docs/webhooks.md", () => {
  const reference = renderEventReference();

  it("lists every event type with the fields of its data", () => {
    for (const type of EVENT_TYPE_LIST) expect(reference).toContain(`| \`${type}\` |`);
    expect(reference).toContain("`fromVersion`: string; `toVersion`: string; `stable`: string or null; `incidentId`: string");
  });

  it("is current: run `npm run docs:events` after changing an event schema", () => {
    const committed = readFileSync(path.join(__dirname, "../../docs/webhooks.md"), "utf8");
    expect(committed, "run `npm run docs:events` and commit docs/webhooks.md").toBe(withEventReference(committed, reference));
  });
});
