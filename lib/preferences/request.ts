import "server-only";
import { cookies } from "next/headers";
import { parsePreferences, type Preferences } from "./preferences";

/** The requesting browser's display preferences (theme, UTC or local times). */
export async function readPreferences(): Promise<Preferences> {
  const jar = await cookies();
  // Next.js hands cookie values over decoded
  return parsePreferences((name) => jar.get(name)?.value);
}
