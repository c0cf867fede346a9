"use client";
// The forms validate with the same zod schemas as the server. When it can, zod compiles object
// parsers with `new Function`, and it probes for that with a `Function("")` call that the
// pages' Content-Security-Policy refuses (no 'unsafe-eval') and reports as a violation, even
// though zod catches it. In the browser zod is told to interpret instead; the server keeps
// compiling (this module's top level also runs during server rendering, hence the check).
import { config } from "zod/v4/core";

if (typeof window !== "undefined") config({ jitless: true });

/** Rendered once in the root layout so this module loads on every page, before any form parses. */
export function BrowserZodConfig() {
  return null;
}
