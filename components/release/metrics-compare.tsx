import { CodeBlock } from "@/components/ui/code-block";
import { ScrollX } from "@/components/ui/scroll-x";
import { significant } from "@/lib/format/numbers";

type Flat = Record<string, number | string | boolean | null>;

/** A flat object of scalars (what a guardrail records), or null when the value has another shape. */
function flat(v: unknown): Flat | null {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const entries = Object.entries(v);
  if (!entries.every(([, x]) => x === null || ["number", "string", "boolean"].includes(typeof x))) return null;
  return Object.fromEntries(entries) as Flat;
}

const show = (v: Flat[string] | undefined) => (v === undefined || v === null ? "—" : typeof v === "number" ? significant(v, 6) : String(v));

/**
 * An incident's metrics before and after the rollback, side by side when both are flat objects
 * of numbers (a missing value is "—", never 0); otherwise each as JSON. Null when neither exists.
 */
export function MetricsCompare({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return null;
  const b = before == null ? {} : flat(before);
  const a = after == null ? {} : flat(after);
  if (!b || !a) {
    return (
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <CodeBlock title="Before" code={JSON.stringify(before ?? null, null, 2)} />
        <CodeBlock title="After" code={JSON.stringify(after ?? null, null, 2)} />
      </div>
    );
  }
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return (
    <ScrollX label="Metrics before and after the rollback">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Metrics before and after the rollback</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="px-4 py-2 text-left text-xs font-semibold text-slate-600 uppercase">
              Metric
            </th>
            <th scope="col" className="px-4 py-2 text-right text-xs font-semibold text-slate-600 uppercase">
              Before
            </th>
            <th scope="col" className="px-4 py-2 text-right text-xs font-semibold text-slate-600 uppercase">
              After
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {names.map((n) => (
            <tr key={n}>
              <th scope="row" className="px-4 py-2 text-left font-mono text-[13px] font-normal text-slate-800">
                {n}
              </th>
              <td className="px-4 py-2 text-right tabular-nums">{show(b[n])}</td>
              <td className="px-4 py-2 text-right tabular-nums">{show(a[n])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollX>
  );
}
