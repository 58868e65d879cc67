import { auditLog } from "../../schema";
import type { Actor } from "../auth/principal";
import type { Services } from "../lib/services";

export type AuditInput = {
  orgId: string;
  projectId?: string | null;
  actor: Actor;
  action: string;
  target: { type: string; id?: string | null; label?: string | null };
  metadata?: Record<string, unknown>;
  ip: string | null;
};

/**
 * An audit row as a statement, to put in the same `db.batch` as the action it records, so the
 * action and its audit entry commit together or not at all.
 */
export function auditStatement(services: Services, input: AuditInput) {
  return services.db.insert(auditLog).values({
    id: services.ids("audit"),
    orgId: input.orgId,
    projectId: input.projectId ?? null,
    actorType: input.actor.type,
    actorId: input.actor.id,
    actorLabel: input.actor.label,
    action: input.action,
    targetType: input.target.type,
    targetId: input.target.id ?? null,
    targetLabel: input.target.label ?? null,
    metadata: input.metadata ?? {},
    ip: input.ip,
    createdAt: services.clock.now(),
  });
}
