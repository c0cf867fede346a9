/**
 * Every endpoint Rollgate serves, as route contracts (lib/api/contract.ts): the REST API, the
 * data plane and the public keys. The OpenAPI document, docs/api.md and the access matrix are
 * built from this list, and lib/contracts.test.ts fails for a route handler that is not on it.
 */
import type { RouteContract } from "./api/contract";
import { systemContracts } from "./api/system-contracts";
import { auditContracts } from "./audit/contracts";
import { driftContracts } from "./drift/contracts";
import { evidenceContracts } from "./evidence/contracts";
import { guardrailContracts } from "./guardrails/contracts";
import { lifecycleContracts } from "./lifecycle/contracts";
import { policyContracts } from "./lifecycle/policy-contracts";
import { metricsContracts } from "./metrics/contracts";
import { registryContracts } from "./registry/contracts";
import { releaseContracts } from "./rollout/contracts";
import { routingContracts } from "./routing/contracts";
import { teamContracts } from "./teams/contracts";
import { provenanceContracts } from "./provenance/contracts";
import { replayContracts } from "./replay/contracts";
import { telemetryContracts } from "./telemetry/contracts";

export const CONTRACTS: readonly RouteContract[] = [
  ...systemContracts,
  ...registryContracts,
  ...lifecycleContracts,
  ...policyContracts,
  ...metricsContracts,
  ...releaseContracts,
  ...guardrailContracts,
  ...routingContracts,
  ...telemetryContracts,
  ...provenanceContracts,
  ...driftContracts,
  ...auditContracts,
  ...evidenceContracts,
  ...replayContracts,
  ...teamContracts,
];
