// What the source itself declares for an endpoint: the first argument of `authedAction(…)` for
// a server action, the access object of `apiRoute({…})` (or `moveRoute`, which is release:write)
// for a route. The unit test compares it with lib/access/endpoints.ts, so the table cannot drift
// from the guards without a failing test; the end-to-end matrix then checks the guards' effect.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Permission, TokenScope } from "../auth/permissions";
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
  if (endpoint.kind === "route") {
    const method = endpoint.id.split(" ")[0]!;
    const start = new RegExp(`export\\s+const\\s+${method}\\s*=\\s*`).exec(source);
    if (!start) return undefined;
    const rest = source.slice(start.index + start[0].length);
    if (/^moveRoute\(/.test(rest)) return { scope: "release:write" };
    const call = /^apiRoute(?:<[^>]*>)?\(\s*(\{[^}]*\})/.exec(rest);
    if (!call) return undefined;
    const literal = call[1]!;
    if (/public:\s*true/.test(literal)) return { public: true };
    const scope = /scope:\s*"([^"]+)"/.exec(literal)?.[1] as TokenScope | undefined;
    const session = /session:\s*"([^"]+)"/.exec(literal)?.[1] as Permission | undefined;
    return { ...(scope ? { scope } : {}), ...(session ? { session } : {}) };
  }
  return undefined;
}
