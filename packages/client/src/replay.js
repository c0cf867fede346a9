// Replay fields for a telemetry event: the request's input and the served output, which Rollgate
// keeps (after the model's scrub rules) when the model's policy captures that request for
// replay. Checked here so a service learns of a payload too large to keep when it builds the
// event, not later through onReject, with the whole event refused.

/** The server's limit for `input` and for `output`, each, as UTF-8 JSON. */
export const MAX_REPLAY_FIELD_BYTES = 16 * 1024;

const isPlainObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

function checked(name, value) {
  if (!isPlainObject(value)) throw new TypeError(`replayFields: ${name} must be a JSON object`);
  const bytes = Buffer.byteLength(JSON.stringify(value), "utf8");
  if (bytes > MAX_REPLAY_FIELD_BYTES) {
    throw new RangeError(`replayFields: ${name} is ${bytes} bytes as JSON; the limit is ${MAX_REPLAY_FIELD_BYTES} bytes`);
  }
  return value;
}

/**
 * `{input, output}` to spread into an event: `sender.send({...event, ...replayFields(body, answer)})`.
 * @param {Record<string, unknown>} input
 * @param {Record<string, unknown>} [output]
 */
export function replayFields(input, output) {
  const fields = { input: checked("input", input) };
  if (output !== undefined) fields.output = checked("output", output);
  return fields;
}
