import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { ScrollX } from "@/components/ui/scroll-x";
import { formatCount } from "@/lib/format/numbers";
import type { ReplaySetDto } from "@/lib/replay";

/** The newest sets a page lists; the API and `rollgate replay list` give them all. */
export const REPLAY_SETS_SHOWN = 10;

/** A model's frozen replay sets, newest first: what CI replays candidates on (docs/replay-sets.md). */
export function ReplaySets({ sets, total }: { sets: ReplaySetDto[]; total: number }) {
  return (
    <Card
      title="Replay sets"
      id="replay-sets"
      description="Frozen samples of captured production requests: CI pulls one (rollgate replay pull) and replays it against each candidate."
      flush
    >
      <ScrollX label="Replay sets, scrolls sideways">
        <table className="w-full text-sm" aria-label="Replay sets">
          <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
            <tr>
              <th scope="col" className="px-5 py-2">
                Name
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Items
              </th>
              <th scope="col" className="px-3 py-2">
                Window
              </th>
              <th scope="col" className="px-3 py-2">
                Hash
              </th>
              <th scope="col" className="px-3 py-2">
                Frozen
              </th>
              <th scope="col" className="px-5 py-2">
                Expires
              </th>
            </tr>
          </thead>
          <tbody>
            {sets.map((s) => (
              <tr key={s.id} className="border-t border-slate-100">
                <th scope="row" className="px-5 py-2 text-left font-medium text-slate-900">
                  {s.name}
                  <div className="font-mono text-xs font-normal text-slate-500">{s.id}</div>
                </th>
                <td className="px-3 py-2 text-right tabular-nums">
                  {formatCount(s.itemCount)}
                  <div className="text-xs text-slate-500">
                    {s.tenants.length} tenant{s.tenants.length === 1 ? "" : "s"}
                  </div>
                  {s.erased && <Badge tone="warning">{formatCount(s.erased.count)} erased</Badge>}
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                  {s.from.slice(0, 10)} – {s.to.slice(0, 10)}
                </td>
                <td className="px-3 py-2 font-mono text-xs text-slate-600" title={s.contentHash}>
                  {`sha256:${s.contentHash.slice(0, 12)}`}
                </td>
                <td className="px-3 py-2 text-slate-700">
                  <DateTime value={s.createdAt} precision="day" />
                  <div className="text-xs text-slate-500">{s.createdBy}</div>
                </td>
                <td className="px-5 py-2 text-slate-700">
                  <DateTime value={s.expiresAt} precision="day" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      {total > sets.length && (
        <p className="border-t border-slate-200 px-5 py-2 text-xs text-slate-500">
          The newest {sets.length} of {total}; rollgate replay list lists them all.
        </p>
      )}
    </Card>
  );
}
