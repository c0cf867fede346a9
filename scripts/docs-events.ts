// npm run docs:events: writes the event table of docs/webhooks.md from the event schemas
// (lib/events/schemas.ts); the prose around the generated section is kept. A unit test fails
// when the committed file differs.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderEventReference, withEventReference } from "../lib/notify/event-reference";

const file = path.join(path.dirname(new URL(import.meta.url).pathname), "../docs/webhooks.md");
writeFileSync(file, withEventReference(readFileSync(file, "utf8"), renderEventReference()));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
