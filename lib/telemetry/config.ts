import { peekRuntime, setRuntime, type TelemetrySettings } from "../runtime";
import { DEFAULT_RETENTION_DAYS } from "./schemas";

// server.ts configures telemetry once (through the retention job); route handlers read the same
// values from the runtime. lib/env.ts stays the only reader of process.env.
export type TelemetryConfig = TelemetrySettings;

export function configureTelemetry(config: Partial<TelemetryConfig>): void {
  setRuntime("telemetry", { ...telemetryConfig(), ...config });
}

/** The configured settings, or the defaults outside a server started through server.ts. */
export function telemetryConfig(): TelemetryConfig {
  return peekRuntime("telemetry") ?? { retentionDays: DEFAULT_RETENTION_DAYS };
}
