import { describe, expect, it } from "vitest";
import { EXAMPLE_EVENTS } from "./examples";
import { EVENT_TYPE_LIST, isEventType, outboxEventSchema, parseOutboxEvent, TEST_EVENT } from "./schemas";

describe("outbox event schemas", () => {
  it("list every type once, in the union's order, test event included", () => {
    expect(EVENT_TYPE_LIST).toEqual(Object.keys(EXAMPLE_EVENTS));
    expect(new Set(EVENT_TYPE_LIST).size).toBe(EVENT_TYPE_LIST.length);
    expect(EVENT_TYPE_LIST).toContain(TEST_EVENT);
    expect(isEventType("release.rolled_back")).toBe(true);
    expect(isEventType("release.*")).toBe(false);
    expect(isEventType("toString")).toBe(false);
  });

  it.each(Object.values(EXAMPLE_EVENTS))("parse $type as its service writes it, unchanged", (event) => {
    expect(outboxEventSchema.parse(event)).toEqual(event);
    expect(parseOutboxEvent(event)).toEqual(event);
  });

  it("refuse a stored row that is not what the schema says, so readers fall back", () => {
    const promoted = EXAMPLE_EVENTS["version.promoted"];
    // as the first releases wrote it: the approvers, no `by`
    const { by: _by, ...rest } = promoted.payload;
    expect(parseOutboxEvent({ ...promoted, payload: { ...rest, approvedBy: ["a@x.test"] } })).toBeNull();
    // a field this version does not know
    expect(parseOutboxEvent({ ...promoted, payload: { ...promoted.payload, extra: 1 } })).toBeNull();
    // the payload of another type, a missing model key, an unknown type, not an object
    expect(parseOutboxEvent({ ...promoted, type: "release.completed" })).toBeNull();
    expect(parseOutboxEvent({ ...promoted, modelKey: null })).toBeNull();
    expect(parseOutboxEvent({ type: "something.new", modelKey: null, payload: {} })).toBeNull();
    expect(parseOutboxEvent({ ...promoted, payload: [1, 2] })).toBeNull();
    // a blank version name
    expect(parseOutboxEvent({ ...promoted, payload: { ...promoted.payload, version: " " } })).toBeNull();
  });
});
