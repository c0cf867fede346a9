export { backoffDelay, type Backoff } from "./backoff";
export { defineJob, duration, kickJob, type Job, type JobContext, type JobDefinition } from "./job";
