// npm run docs:api: writes the endpoint reference of docs/api.md from the route contracts
// (lib/contracts.ts); the prose around the generated section is kept. A unit test fails when
// the committed file differs.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderReference, withReference } from "../lib/api/reference";
import { CONTRACTS } from "../lib/contracts";

const file = path.join(path.dirname(new URL(import.meta.url).pathname), "../docs/api.md");
writeFileSync(file, withReference(readFileSync(file, "utf8"), renderReference(CONTRACTS)));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
