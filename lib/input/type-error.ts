/**
 * A zod error option whose message says "is required" when the field is missing and `message`
 * when it holds the wrong type: `z.string(typeError("must be a tenant id"))`.
 */
export function typeError(message: string) {
  return { error: (iss: { input?: unknown }) => (iss.input === undefined ? "is required" : message) };
}
