#!/usr/bin/env node
// The `rollgate` command. The CLI is TypeScript that shares the registry's manifest parser and
// schema; tsx's loader runs it directly, so there is no separate build to keep in step.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
