export { peekRuntime, runtime, runtimeOnce, RuntimeNotReady, setRuntime } from "./runtime";
export type { DataPlaneState, JobKicks, RouteChangeFeed, RunningDataPlane, Runtime, TelemetrySettings } from "./parts";
