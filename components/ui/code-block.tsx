import { CopyButton } from "./copy-button";
import { cx } from "./cx";

/**
 * Preformatted text with a copy button: commands, manifests, tokens. `title` labels the
 * block (e.g. "manifest.yaml"); long lines scroll rather than wrap so YAML indentation stays
 * readable, and `maxHeight` caps tall blocks with their own scroll.
 */
export function CodeBlock({
  code,
  title,
  copyLabel,
  maxHeight,
  className,
}: {
  code: string;
  title?: string;
  copyLabel?: string;
  maxHeight?: string;
  className?: string;
}) {
  return (
    <div
      className={cx("overflow-hidden rounded-lg border border-slate-800 bg-slate-900 dark:border-slate-200 dark:bg-slate-50", className)}
    >
      <div className="flex items-center justify-between gap-3 border-b border-slate-700/70 px-3 dark:border-slate-200 py-1.5">
        <span className="truncate font-mono text-xs text-slate-400">{title ?? ""}</span>
        <CopyButton
          text={code}
          label={copyLabel ?? (title ? `Copy ${title}` : "Copy to clipboard")}
          className="border-slate-600 bg-slate-800 text-slate-200 hover:bg-slate-700 dark:border-slate-300 dark:bg-slate-100 dark:text-slate-700 dark:hover:bg-slate-200"
        />
      </div>
      <pre
        className="overflow-auto p-4 font-mono text-[13px] leading-relaxed text-slate-100 dark:text-slate-800"
        style={maxHeight ? { maxHeight } : undefined}
      >
        <code>{code}</code>
      </pre>
    </div>
  );
}
