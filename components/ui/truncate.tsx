import { cx } from "./cx";

/**
 * One line of text cut with an ellipsis, the full value in the tooltip: for URIs, hashes and
 * image references that would otherwise stretch a table. `mono` for machine values.
 */
export function Truncate({ text, mono = false, className }: { text: string; mono?: boolean; className?: string }) {
  return (
    <span title={text} className={cx("block max-w-full truncate", mono && "font-mono text-[13px]", className)}>
      {text}
    </span>
  );
}

/** A sha256 shortened to its first 12 characters (as git shortens commits), full value on hover. */
export function ShortHash({ hash, className }: { hash: string; className?: string }) {
  return (
    <span title={hash} className={cx("font-mono text-[13px]", className)}>
      {hash.length > 12 ? `${hash.slice(0, 12)}…` : hash}
    </span>
  );
}
