/**
 * The pack's report.html: the range's story in time order for a person (an auditor, a
 * reviewer), then the tables it rests on. One self-contained page, inline CSS, no scripts and no
 * external resources, so it prints and archives as is. Everything shown comes from the pack's
 * own files, which the signature covers; the report is covered by it too.
 */
import type { Evidence } from "./collect";

const esc = (v: unknown): string =>
  String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const plain = (at: string | null) => (at ? at.replace("T", " ").replace(/\.\d{3}Z$/, " UTC") : "—");
const when = (at: string | null) => esc(plain(at));

type Entry = { at: string; kind: string; text: string };

/** ", replay 98.2 % agreement on 5000 cases of set <id> (sha256:<12>)", or "" without a replay. */
function replayText(replay: unknown): string {
  if (typeof replay !== "object" || replay === null) return "";
  const r = replay as { agreement?: unknown; cases?: unknown; set?: { id?: unknown; hash?: unknown } };
  if (typeof r.agreement !== "number" || typeof r.cases !== "number") return "";
  const set =
    r.set && typeof r.set.id === "string" && typeof r.set.hash === "string"
      ? ` of set ${r.set.id} (sha256:${r.set.hash.slice(0, 12)})`
      : "";
  return `, replay ${(r.agreement * 100).toFixed(1)} % agreement on ${r.cases} cases${set}`;
}

function timeline(e: Evidence, from: string, to: string): Entry[] {
  const out: Entry[] = [];
  const within = (at: string | null) => at !== null && at >= from && at <= to;
  for (const v of e.versions) {
    if (within(v.registeredAt))
      out.push({ at: v.registeredAt!, kind: "version", text: `Version ${v.version} registered by ${v.registeredBy}` });
  }
  for (const ev of e.evaluations) {
    if (within(ev.at))
      out.push({
        at: ev.at!,
        kind: "evaluation",
        text: `Evaluation of ${ev.version} on ${ev.dataset}: ${ev.passed ? "passed" : "failed"} its gates`,
      });
  }
  for (const a of e.approvals) {
    if (within(a.at))
      out.push({
        at: a.at!,
        kind: "approval",
        text: `${a.reviewer.name || a.reviewer.email} ${a.decision} ${a.version}${a.comment ? `: “${a.comment}”` : ""}${a.counts ? "" : " (later invalidated by a rollback)"}`,
      });
  }
  for (const m of e.releases.moves) {
    out.push({ at: m.at, kind: "release", text: `${m.action} by ${m.actor}${m.reason ? `: ${m.reason}` : ""}` });
  }
  for (const d of e.guardrailDecisions) {
    out.push({
      at: d.at!,
      kind: "guardrail",
      text: `Guardrail decision: ${d.outcome} (candidate ${d.candidateVersion ?? "—"}, step ${d.stepIndex})`,
    });
  }
  for (const i of e.incidents) {
    out.push({
      at: i.rolledBackAt!,
      kind: "incident",
      text: `Rollback ${i.fromVersion} → ${i.toVersion} (${i.trigger}, ${i.triggeredBy}): ${i.reason}`,
    });
    for (const n of i.notes) out.push({ at: n.at!, kind: "incident note", text: `${n.author}: ${n.body}` });
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** An empty `head` makes a key–value table (no header row); `cls` styles the table. */
function table(head: string[], rows: unknown[][], empty: string, cls = ""): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const thead = head.length ? `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead>` : "";
  return `<table${cls ? ` class="${cls}"` : ""}>${thead}<tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

const CSS = `
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:2rem 0 .5rem;border-bottom:1px solid #cbd5e1;padding-bottom:.25rem}
.meta{color:#475569}.meta code,td code{font:12px ui-monospace,monospace}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{background:#f1f5f9;font-weight:600}td{word-break:break-word}.empty{color:#64748b;font-style:italic}
.story td:nth-child(-n+2){white-space:nowrap}.kv td:first-child{width:14rem;color:#475569}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}tr{break-inside:avoid}}
`;

export type ReportMeta = { model: string; from: string; to: string; generatedAt: string; generatedBy: string; keyId: string };

export function renderReport(e: Evidence, m: ReportMeta): string {
  const served = new Map<string, number>();
  for (const p of e.predictions) served.set(p.version, (served.get(p.version) ?? 0) + p.count);
  const c = e.audit.section;
  const story = timeline(e, m.from, m.to);
  const body = [
    `<h1>Evidence pack: ${esc(e.model.name || e.model.key)}</h1>`,
    `<p class="meta">Model <code>${esc(m.model)}</code> · ${when(m.from)} to ${when(m.to)}<br>Exported ${when(m.generatedAt)} by ${esc(m.generatedBy)} · signed with Ed25519 key <code>${esc(m.keyId)}</code></p>`,
    `<h2>Summary</h2>`,
    table(
      [],
      [
        ["Versions that served", served.size ? [...served].map(([v, n]) => `${v} (${n} predictions)`).join(", ") : "none recorded"],
        ["Versions in this pack", e.versions.map((v) => v.version).join(", ") || "none"],
        [
          "Approvals",
          `${e.approvals.filter((a) => a.decision === "approved").length} approved, ${e.approvals.filter((a) => a.decision === "rejected").length} rejected`,
        ],
        ["Release moves", String(e.releases.moves.length)],
        ["Guardrail decisions", String(e.guardrailDecisions.length)],
        ["Incidents", String(e.incidents.length)],
        ["Audit events", `${c.events} in the range, ${c.modelEvents} of this model`],
      ],
      "",
      "kv",
    ),
    `<h2>What happened, in order</h2>`,
    table(
      ["When", "Kind", "What"],
      story.map((s) => [plain(s.at), s.kind, s.text]),
      "Nothing happened to this model in the range.",
      "story",
    ),
    `<h2>Versions and their evidence</h2>`,
    table(
      ["Version", "Stage now", "Registered", "Evaluations", "Decisions", "Content hash"],
      e.versions.map((v) => [
        v.version,
        v.stage,
        plain(v.registeredAt),
        e.evaluations
          .filter((x) => x.version === v.version)
          .map((x) => `${x.dataset}: ${x.passed ? "passed" : "failed"}${replayText(x.replay)}`)
          .join("; ") || "none",
        e.approvals
          .filter((x) => x.version === v.version)
          .map((x) => `${x.decision} by ${x.reviewer.email}${x.counts ? "" : " (invalidated)"}`)
          .join("; ") || "none",
        v.contentHash,
      ]),
      "No version is in the range.",
    ),
    `<h2>Predictions per version and day</h2>`,
    table(
      ["Day (UTC)", "Version", "Predictions", "Errors"],
      e.predictions.map((p) => [p.day, p.version, p.count, p.errors]),
      "No predictions recorded in the range.",
    ),
    `<h2>Drift per tenant</h2>`,
    `<p class="meta">${esc(e.drift.method)} against the baseline of ${esc(e.drift.referenceVersion ?? "no version")}, ${when(e.drift.from)} to ${when(e.drift.to)}; warn at ${e.drift.thresholds.psiWarn}, alert at ${e.drift.thresholds.psiAlert}.</p>`,
    table(
      ["Tenant", "Level", "Worst feature", "PSI", "Predictions judged"],
      e.drift.tenants.map((t) => [t.tenant, t.level, t.worst?.feature ?? "—", t.worst ? t.worst.psi.toFixed(3) : "—", t.prediction.sample]),
      "No drift data in the range.",
    ),
    `<h2>Incidents</h2>`,
    e.incidents.length === 0
      ? `<p class="empty">No rollback in the range.</p>`
      : e.incidents
          .map(
            (i) =>
              `<p><strong>${when(i.rolledBackAt)}: ${esc(i.fromVersion)} → ${esc(i.toVersion)}</strong> (${esc(i.trigger)}, ${esc(i.triggeredBy)}, ${esc(i.status)})<br>${esc(i.reason)}${i.rootCause ? `<br>Root cause: ${esc(i.rootCause)}` : ""}${i.prevention ? `<br>Prevention: ${esc(i.prevention)}` : ""}</p>` +
              table(
                ["When", "Author", "Note"],
                i.notes.map((n) => [plain(n.at), n.author, n.body]),
                "No notes.",
              ),
          )
          .join(""),
    `<h2>Audit chain</h2>`,
    table(
      [],
      [
        ["Hash before the range", `#${c.before.seq} ${c.before.hash}`],
        ["Hash after the range", `#${c.after.seq} ${c.after.hash}`],
        ["Signed checkpoints in the range", c.checkpoints.map((k) => `#${k.position} (${k.signedAt})`).join(", ") || "none"],
      ],
      "",
      "kv",
    ),
    `<p class="meta">Check this pack offline: <code>npx rollgate evidence verify &lt;pack.json&gt; --key rollgate-evidence-key.pem</code></p>`,
  ].join("\n");
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Evidence pack: ${esc(m.model)}</title><style>${CSS}</style></head><body>\n${body}\n</body></html>\n`;
}
