/** The server's limit for `input` and for `output`, each, as UTF-8 JSON (16 KiB). */
export declare const MAX_REPLAY_FIELD_BYTES: number;

/**
 * `{input, output}` to spread into a telemetry event, checked: each a JSON object of at most
 * MAX_REPLAY_FIELD_BYTES (TypeError / RangeError naming the field otherwise).
 */
export declare function replayFields(
  input: Record<string, unknown>,
  output?: Record<string, unknown>,
): { input: Record<string, unknown>; output?: Record<string, unknown> };
