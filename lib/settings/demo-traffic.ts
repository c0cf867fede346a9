// ROLLGATE_DEMO_TRAFFIC: "on" (the default, 30 req/s), "off", or the rate in requests per
// second. Only `npm run demo` (server.ts --demo) starts the traffic at all.
import { z } from "zod";

export type DemoTrafficSetting = { enabled: boolean; ratePerSecond: number };

export const DEFAULT_DEMO_TRAFFIC: DemoTrafficSetting = { enabled: true, ratePerSecond: 30 };
export const MAX_DEMO_RATE = 500;

const message = `must be on, off or a rate in requests per second (1 to ${MAX_DEMO_RATE})`;

export const demoTrafficSchema = z
  .string({ error: message })
  .trim()
  .toLowerCase()
  .transform((v, ctx): DemoTrafficSetting => {
    if (v === "on" || v === "true" || v === "1") return DEFAULT_DEMO_TRAFFIC;
    if (v === "off" || v === "false" || v === "0") return { ...DEFAULT_DEMO_TRAFFIC, enabled: false };
    const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!(n >= 1 && n <= MAX_DEMO_RATE)) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return { enabled: true, ratePerSecond: n };
  });
