// What a delivery attempt records: a status and a fixed message, whatever the receiver or the
// network did. The request itself is tested against real receivers in
// tests/integration/webhooks.test.ts ("egress").
import { describe, expect, it } from "vitest";
import { describeSendError, outcomeForStatus } from "./send";

describe("outcomeForStatus", () => {
  it.each([
    [200, null],
    [204, null],
    [301, "redirected (HTTP 301); redirects are not followed, so set the final URL"],
    [307, "redirected (HTTP 307); redirects are not followed, so set the final URL"],
    [400, "HTTP 400"],
    [500, "HTTP 500"],
    [503, "HTTP 503"],
    [101, "HTTP 101"],
  ])("%i → %s", (status, error) => {
    expect(outcomeForStatus(status)).toEqual({ statusCode: status, error });
  });
});

describe("describeSendError", () => {
  const err = (code: unknown, message = "whatever the peer made us print") => Object.assign(new Error(message), { code });
  it.each([
    [err("ECONNREFUSED"), "connection refused (ECONNREFUSED)"],
    [err("ECONNRESET"), "connection reset by the receiver (ECONNRESET)"],
    [err("EHOSTUNREACH"), "host unreachable (EHOSTUNREACH)"],
    [err("HPE_INVALID_CONSTANT"), "invalid HTTP response"],
    [err("DEPTH_ZERO_SELF_SIGNED_CERT"), "TLS certificate not accepted"],
    [err("ERR_TLS_CERT_ALTNAME_INVALID"), "TLS certificate not accepted"],
    [err("ERR_SSL_WRONG_VERSION_NUMBER"), "TLS handshake failed"],
    [err("EPROTO"), "connection failed (EPROTO)"],
    [err(undefined), "connection failed"],
    [err("<script>alert(1)</script>"), "connection failed"],
    ["a string", "connection failed"],
  ])("%o → %s", (e, message) => {
    expect(describeSendError(e)).toBe(message);
  });
});
