/**
 * How deep `[` and `{` nest in a JSON text, found by one scan before JSON.parse. Parsing a body
 * of a million `[` takes the server seconds of CPU before any check can refuse it, so request
 * bodies read as JSON (manifests, evaluations, release moves) are refused up front when they
 * nest past MAX_INPUT_DEPTH. Telemetry batches skip this scan (it would cost a quarter of their
 * parse time); their events are refused one by one after parsing instead.
 */
import { MAX_INPUT_DEPTH } from "./unsafe-input";

/** The nesting depth of `text`, or a number above `stopAbove` as soon as it is passed. */
export function jsonDepth(text: string, stopAbove = MAX_INPUT_DEPTH): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const k = text.charCodeAt(i);
        if (k === 92 /* \ */) i++;
        else if (k === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if ((c === 93 /* ] */ || c === 125) /* } */ && depth > 0) {
      depth--;
    }
  }
  return max;
}

export const tooDeepMessage = `The body nests [ ] or { } deeper than ${MAX_INPUT_DEPTH} levels.`;
