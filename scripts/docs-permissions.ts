// npm run docs:permissions: writes docs/permissions.md from lib/auth/permissions.ts and
// lib/access/endpoints.ts (a unit test fails when the committed file differs).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../lib/access/discover";
import { renderPermissionsDoc } from "../lib/access/matrix";

const file = path.join(REPO_ROOT, "docs/permissions.md");
writeFileSync(file, renderPermissionsDoc());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
