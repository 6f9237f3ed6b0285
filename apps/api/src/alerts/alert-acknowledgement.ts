import type { FastifyRequest } from 'fastify';
import type { AlertRecord } from '@followup/alerting';
import type { AuthenticatedActor } from '@followup/platform';
import { ExecuteInitiativeCommand } from '../initiatives/application/execute-initiative-command';
import { writeOptionsOf } from '../initiatives/http/write-request';

/**
 * The ledger's record of an acknowledgement: an AlertAcknowledged event on the initiative's stream, written
 * through the same command path as every other change (versioned, hash-chained). The alert store's
 * acknowledgement has already made sure only one acknowledgement of an alert gets here.
 */
export function acknowledgementWrite(
  alert: AlertRecord,
  actor: AuthenticatedActor,
  request: FastifyRequest,
): ExecuteInitiativeCommand {
  const ack = alert.acknowledgement;
  const write = {
    command: {
      type: 'AcknowledgeAlert' as const,
      data: {
        initiativeId: alert.initiativeId,
        alertId: alert.id,
        kind: alert.rule,
        subjectId: alert.subjectId,
        comment: ack?.comment ?? null,
        decisionId: ack?.decisionId ?? null,
      },
    },
    context: {},
  };
  // Not a retry of an initiative write: no preconditions or idempotency key apply to this event.
  const { correlationId, requestId } = writeOptionsOf(request, write);
  return new ExecuteInitiativeCommand(write, actor, { correlationId, requestId });
}
