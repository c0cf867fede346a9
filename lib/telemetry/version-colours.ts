/**
 * The colour of a version on every chart (metrics, tenants, release): one mapping, so a reader
 * who learnt "orange is the candidate" on one page reads the next page the same way.
 *
 * - The stable version is blue and the candidate orange, whatever their ids: the pair a reader
 *   compares most often is the one told apart at a glance.
 * - Any other version (an older one still serving pinned tenants) gets a palette colour chosen
 *   by its id alone, so its colour does not depend on which other versions a chart happens to
 *   draw. When two such versions share a colour on one chart, the later one is dashed.
 *
 * Every colour keeps at least 3:1 contrast (WCAG 1.4.11, graphical objects) against a white
 * card and a slate-900 card, so lines read in light and dark mode alike.
 */

export type VersionRoles = { stable?: string | null; candidate?: string | null };
export type VersionStyle = { colour: string; dashed: boolean; role: "stable" | "candidate" | null };

export const STABLE_COLOUR = "#3b82f6";
export const CANDIDATE_COLOUR = "#ea580c";
/** for versions without a role; none close to blue, orange, or the red and amber of thresholds */
export const OTHER_COLOURS = ["#059669", "#8b5cf6", "#db2777", "#4d7c0f", "#0e7490", "#c026d3"] as const;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function versionRole(version: string, roles: VersionRoles): VersionStyle["role"] {
  return version === roles.stable ? "stable" : version === roles.candidate ? "candidate" : null;
}

/** The colour of one version, the same on every chart that knows the same stable and candidate. */
export function versionColour(version: string, roles: VersionRoles = {}): string {
  const role = versionRole(version, roles);
  if (role === "stable") return STABLE_COLOUR;
  if (role === "candidate") return CANDIDATE_COLOUR;
  return OTHER_COLOURS[hash(version) % OTHER_COLOURS.length]!;
}

/** Colour and dash for each version drawn together; `versions` in drawing order. */
export function versionStyles(versions: readonly string[], roles: VersionRoles = {}): Record<string, VersionStyle> {
  const out: Record<string, VersionStyle> = {};
  const seen = new Set<string>();
  for (const v of versions) {
    const colour = versionColour(v, roles);
    out[v] = { colour, dashed: seen.has(colour), role: versionRole(v, roles) };
    seen.add(colour);
  }
  return out;
}

/** The label a legend or table column shows: the id, with its role when it has one. */
export function versionLabel(version: string, roles: VersionRoles = {}): string {
  const role = versionRole(version, roles);
  return role ? `${version} (${role})` : version;
}
