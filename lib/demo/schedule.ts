/**
 * When each piece of the demo's history happened, so it reads like weeks of work: a version is
 * registered on the day its name carries, CI evaluates it within the hour, reviewers decide on
 * the following working days, and the operator advances each rollout step only after it baked
 * for its bake time (plus the minutes it took someone to look). The one rollout still running
 * is placed relative to now, so its current step is baking when the demo starts. Pure.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A stable spread of minutes in [min, max] for a label: the same history on every run. */
export function jitter(label: string, min: number, max: number): number {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return min + ((h >>> 0) % (max - min + 1));
}

/** The day a version's name carries (`2026-03-04.1`), at midnight UTC. */
export function versionDay(version: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})\./.exec(version);
  if (!m) throw new Error(`demo data: version ${version} does not start with its date`);
  return new Date(`${m[1]}T00:00:00Z`);
}

/** `days` working days after `from` (Saturday and Sunday skipped), at `minuteOfDay` UTC. */
export function workdayAfter(from: Date, days: number, minuteOfDay: number): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return new Date(d.getTime() + minuteOfDay * MINUTE);
}

/** When the operator advances from a step that started at `stepStartedAt`: after its bake time, plus a few minutes. */
export function advanceTime(stepStartedAt: Date, bakeMinutes: number, label: string): Date {
  return new Date(stepStartedAt.getTime() + (bakeMinutes + jitter(label, 4, 35)) * MINUTE);
}

export type VersionPlan = {
  modelKey: string;
  version: string;
  approvals: number;
  /** a rollout left running: how many steps it advances before it holds, and their bake time */
  live?: { advances: number; bakeMinutes: number };
};

export type VersionTimes = { registeredAt: Date; evaluatedAt: Date; approvedAt: Date[] };

/** How long the live rollout's current step has been baking when the demo starts. */
export const LIVE_STEP_AGE_MINUTES = 50;

/**
 * The dates of every version's registration, evaluation and approvals, and when the demo's users
 * were created (three weeks before the first registration). When the clock is earlier than the
 * names allow (a machine with its date set back), the finished history moves back as one block
 * so it still ends a day before the live rollout starts.
 */
export function planHistory(versions: VersionPlan[], now: Date): { usersAt: Date; times: Map<string, VersionTimes> } {
  const key = (v: VersionPlan) => `${v.modelKey}@${v.version}`;
  const times = new Map<string, VersionTimes>();
  for (const v of versions) {
    const day = versionDay(v.version);
    const registeredAt = new Date(day.getTime() + (9 * 60 + jitter(`${key(v)}:registered`, 0, 420)) * MINUTE);
    const evaluatedAt = new Date(registeredAt.getTime() + jitter(`${key(v)}:evaluated`, 18, 55) * MINUTE);
    const approvedAt = Array.from({ length: v.approvals }, (_, i) =>
      workdayAfter(registeredAt, i + 1, 9 * 60 + jitter(`${key(v)}:approval${i}`, 30, 420)),
    );
    times.set(key(v), { registeredAt, evaluatedAt, approvedAt });
  }
  // the live rollout: its last approval started the canary just long enough ago for the steps before
  let liveStart = now.getTime();
  for (const v of versions) {
    if (!v.live) continue;
    let start = now.getTime() - LIVE_STEP_AGE_MINUTES * MINUTE;
    for (let s = v.live.advances - 1; s >= 0; s--) start -= (v.live.bakeMinutes + jitter(`${key(v)}:step${s}`, 4, 35)) * MINUTE;
    const t = times.get(key(v)) as VersionTimes;
    t.approvedAt = t.approvedAt.map((_, i) => new Date(start - (t.approvedAt.length - 1 - i) * (DAY + 2 * HOUR)));
    liveStart = Math.min(liveStart, t.approvedAt[0]?.getTime() ?? start);
  }
  // A finished rollout takes at most a few hours after its approval.
  const fixedEnd = Math.max(
    ...versions.map((v) => {
      const t = times.get(key(v)) as VersionTimes;
      return Math.max(t.evaluatedAt.getTime() + HOUR, ...(v.live ? [] : t.approvedAt.map((a) => a.getTime() + 12 * HOUR)));
    }),
  );
  const shift = Math.max(0, fixedEnd - (liveStart - DAY));
  const back = (d: Date) => new Date(d.getTime() - shift);
  for (const v of versions) {
    const t = times.get(key(v)) as VersionTimes;
    times.set(key(v), {
      registeredAt: back(t.registeredAt),
      evaluatedAt: back(t.evaluatedAt),
      approvedAt: v.live ? t.approvedAt : t.approvedAt.map(back),
    });
  }
  const first = Math.min(...[...times.values()].map((t) => t.registeredAt.getTime()));
  const usersAt = new Date(Math.floor((first - 21 * DAY) / DAY) * DAY + 9 * HOUR);
  return { usersAt, times };
}
