import { alertsCapability } from "./alerts/capability";
import { apiKeysCapability } from "./api-keys/capability";
import { assessmentsCapability } from "./assessments/capability";
import { auditCapability } from "./audit/capability";
import { authCapability } from "./auth/capability";
import type { Capability } from "./capability";
import { datasetsCapability } from "./datasets/capability";
import { diagnosticsCapability } from "./diagnostics/capability";
import { evaluationsCapability } from "./evaluations/capability";
import { healthCapability } from "./health/capability";
import { ingestCapability } from "./ingest/capability";
import { judgesCapability } from "./judges/capability";
import { monitoringCapability } from "./monitoring/capability";
import { orgsCapability } from "./orgs/capability";
import { pricesCapability } from "./prices/capability";
import { projectsCapability } from "./projects/capability";
import { promptsCapability } from "./prompts/capability";
import { scorersCapability } from "./scorers/capability";
import { tracesCapability } from "./traces/capability";
import { webhooksCapability } from "./webhooks/capability";

/**
 * Every capability of the Worker. The app mounts their routes (in this order), the queue
 * consumer runs their jobs, the scheduler their crons, and the security sweep fills their path
 * parameters. A new capability is a folder with a capability.ts and one line here.
 */
export const CAPABILITIES: readonly Capability[] = [
  healthCapability,
  diagnosticsCapability,
  authCapability,
  orgsCapability,
  projectsCapability,
  apiKeysCapability,
  auditCapability,
  ingestCapability,
  tracesCapability,
  assessmentsCapability,
  judgesCapability,
  scorersCapability,
  datasetsCapability,
  evaluationsCapability,
  promptsCapability,
  monitoringCapability,
  alertsCapability,
  webhooksCapability,
  pricesCapability,
];
