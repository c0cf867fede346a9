import { DEFAULT_RETENTION_DAYS } from "./schemas";

// server.ts configures telemetry once (through startRetention); route handlers, which Next
// bundles into separate module instances, read the same values from here (like the database
// handle in lib/database/global.ts). lib/env.ts stays the only reader of process.env.
export type TelemetryConfig = {
  /** predictions older than this many days are deleted, and events older than it are refused */
  retentionDays: number;
};

const g = globalThis as typeof globalThis & { __rollgateTelemetryConfig?: TelemetryConfig };

export function configureTelemetry(config: Partial<TelemetryConfig>): void {
  g.__rollgateTelemetryConfig = { ...telemetryConfig(), ...config };
}

export function telemetryConfig(): TelemetryConfig {
  return g.__rollgateTelemetryConfig ?? { retentionDays: DEFAULT_RETENTION_DAYS };
}
