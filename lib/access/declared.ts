// What the source itself declares for a server action: the first argument of `authedAction(…)`.
// The unit test compares it with lib/access/endpoints.ts, so the table cannot drift from the
// guards without a failing test; the end-to-end matrix then checks the guards' effect. A route's
// access is its contract's, which both its handler (`handle`) and the table read, and
// lib/contracts.test.ts binds every handler to its listed contract.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Permission } from "../auth/permissions";
import { REPO_ROOT, type Endpoint } from "./discover";
import type { Access } from "./endpoints";

/** The access the source declares, or undefined when it is not declared in a form this reads. */
export function declaredAccess(endpoint: Endpoint, root = REPO_ROOT): Access | undefined {
  const source = readFileSync(path.join(root, endpoint.file), "utf8");
  if (endpoint.kind === "action") {
    const name = endpoint.id.split("#")[1]!;
    const m = new RegExp(`export\\s+const\\s+${name}\\s*=\\s*authedAction\\(\\s*"([^"]+)"`).exec(source);
    return m ? { session: m[1] as Permission } : undefined;
  }
  return undefined;
}
