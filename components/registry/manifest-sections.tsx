import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { formatCount } from "@/lib/format/numbers";
import type { ManifestSectionView } from "@/lib/registry/diff";
import {
  fieldLabel,
  formatFieldValue,
  formatScalar,
  isPlainObject,
  isScalar,
  orderedEntries,
  tableColumns,
  type Scalar,
} from "./manifest-format";

/**
 * A registered manifest laid out by section (artifact, preprocessing & schema, tokenizer,
 * prompts, …), each a card with a definition list; lists of named items (prompt templates,
 * features) as tables. Values carry their units ("120 ms", "0.01 (1 %)"), and every label
 * shows the manifest key it comes from, so a reader can map it back to the YAML.
 */
export function ManifestSections({ sections }: { sections: ManifestSectionView[] }) {
  return (
    <div className="space-y-4">
      {sections.map((section) => (
        <Card key={section.id} id={`section-${section.id}`} title={section.title} flush>
          <SectionBody entries={section.entries} />
        </Card>
      ))}
    </div>
  );
}

function SectionBody({ entries }: { entries: ManifestSectionView["entries"] }) {
  // A section holding one object (runtime, rollout, …) lists that object's fields directly;
  // a section of several objects (limits + quality) gives each a sub-heading.
  if (entries.length === 1 && entries[0] && isPlainObject(entries[0].value)) {
    return <FieldList path={entries[0].key} obj={entries[0].value} />;
  }
  const listOfObjects = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && v.every(isPlainObject);
  if (entries.length === 1 && entries[0] && listOfObjects(entries[0].value)) {
    return <ObjectTable path={entries[0].key} rows={entries[0].value} />;
  }
  if (entries.every((e) => isPlainObject(e.value))) {
    return (
      <div className="divide-y divide-slate-100">
        {entries.map((e) => (
          <div key={e.key}>
            <h3 className="px-5 pt-3 text-sm font-semibold text-slate-700">
              {fieldLabel(e.key)} <KeyHint path={e.key} />
            </h3>
            <FieldList path={e.key} obj={e.value as Record<string, unknown>} />
          </div>
        ))}
      </div>
    );
  }
  return <FieldList path="" obj={Object.fromEntries(entries.map((e) => [e.key, e.value]))} />;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function KeyHint({ path }: { path: string }) {
  return <span className="ml-1 font-mono text-xs font-normal text-slate-500">{path}</span>;
}

function FieldList({ path, obj }: { path: string; obj: Record<string, unknown> }) {
  const entries = orderedEntries(path, obj);
  if (entries.length === 0) return <p className="px-5 py-3 text-sm text-slate-500">Empty</p>;
  return (
    <dl className="divide-y divide-slate-100">
      {entries.map(([key, value]) => {
        const childPath = join(path, key);
        return (
          <div key={key} className="grid grid-cols-1 gap-1 px-5 py-2.5 sm:grid-cols-[14rem_minmax(0,1fr)] sm:gap-4">
            <dt className="text-sm text-slate-600">
              {fieldLabel(key)}
              <div className="font-mono text-xs text-slate-500">{key}</div>
            </dt>
            <dd className="min-w-0 text-sm text-slate-900">
              <FieldValue path={childPath} value={value} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** One value in a definition list or table cell, laid out by its shape. */
export function FieldValue({ path, value }: { path: string; value: unknown }): ReactNode {
  const bare = path.replace(/\[\d+\]/g, "");
  if (bare === "training_data.time_range" && isPlainObject(value) && isScalar(value.from) && isScalar(value.to)) {
    return (
      <span className="font-mono text-[13px]">
        {formatScalar(value.from)} → {formatScalar(value.to)}
      </span>
    );
  }
  if (bare === "features.baseline" && Array.isArray(value) && value.every((v) => typeof v === "number")) {
    const total = value.reduce((a: number, b: number) => a + b, 0);
    return (
      <span className="whitespace-nowrap" title={value.map(formatCount).join(", ")}>
        {formatCount(total)} samples in {value.length} {value.length === 1 ? "bucket" : "buckets"}
      </span>
    );
  }
  if (bare === "changelog" && typeof value === "string") {
    return <p className="whitespace-pre-line">{value}</p>;
  }
  const line = formatFieldValue(path, value);
  if (line !== null) {
    if (typeof value === "string") return <MachineText text={line} />;
    return <span className="tabular-nums">{line}</span>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-500">none</span>;
    if (value.every((v) => typeof v === "string")) {
      return (
        <ul className="flex flex-wrap gap-1.5">
          {value.map((v, i) => (
            <li key={`${v}-${i}`} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">
              {v}
            </li>
          ))}
        </ul>
      );
    }
    if (value.every(isScalar)) {
      return <span className="font-mono text-[13px] break-words">{value.map((v) => formatScalar(v as Scalar)).join(", ")}</span>;
    }
    if (value.every(isPlainObject) && value.every((v) => Object.values(v).every(isScalar))) {
      return <ObjectTable path={path} rows={value} />;
    }
    return (
      <ol className="list-decimal space-y-1 pl-5">
        {value.map((item, i) => (
          <li key={i}>
            <FieldValue path={`${path}[${i}]`} value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (isPlainObject(value)) {
    const entries = orderedEntries(path, value);
    if (entries.length === 0) return <span className="text-slate-500">empty</span>;
    return (
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1">
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-mono text-xs leading-5 text-slate-500">{k}</dt>
            <dd className="min-w-0">
              <FieldValue path={join(path, k)} value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span className="font-mono text-[13px]">{String(value)}</span>;
}

/** URIs, digests and image references: monospace, cut to one line with the full text on hover and a copy button when long. */
function MachineText({ text }: { text: string }) {
  // Identifiers stay whole ("categorical", "2.3.0"); only long tokens may break anywhere.
  if (text.length <= 24) return <span className="font-mono text-[13px] whitespace-nowrap">{text}</span>;
  if (text.length <= 48) return <span className="font-mono text-[13px] [overflow-wrap:anywhere]">{text}</span>;
  return (
    <span className="flex min-w-0 items-center gap-2">
      <span className="min-w-0 truncate font-mono text-[13px]" title={text}>
        {text}
      </span>
      <CopyButton text={text} label={`Copy ${text.slice(0, 24)}…`} />
    </span>
  );
}

function ObjectTable({ path, rows }: { path: string; rows: Record<string, unknown>[] }) {
  const columns = tableColumns(path, rows);
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-5 py-2 text-left text-xs font-semibold whitespace-nowrap text-slate-600">
                {fieldLabel(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, i) => (
            <tr key={typeof row.name === "string" ? row.name : i}>
              {columns.map((c) => (
                <td key={c} className="max-w-md px-5 py-2 align-top text-slate-800">
                  {row[c] === undefined ? (
                    <span className="text-slate-500">—</span>
                  ) : (
                    <FieldValue path={`${path}[${i}].${c}`} value={row[c]} />
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
