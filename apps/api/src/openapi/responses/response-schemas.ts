import type { OpenAPIObject } from '@nestjs/swagger';
import {
  ACCESS_LOG_ENTRY,
  ACKNOWLEDGED_ALERT,
  ACCESS_LOG_VERIFICATION,
  ALERT,
  ALERT_WITH_DELIVERIES,
  DECISION_LOG_ENTRY,
  DELIVERY,
  DIGEST,
  FOLLOW_UP,
  HISTORY,
  page,
  SUBSCRIPTION,
  VERIFICATION,
  VOCABULARY,
} from './audit-and-alerts.schema';
import {
  DECISION_SUMMARY,
  FUNDING_SUMMARY,
  INITIATIVE_STATUS,
  MEASUREMENT,
  RAG_REASON,
} from './initiative-status.schema';
import { DEVIATIONS, GOAL_CONTRIBUTIONS, PORTFOLIO, ROLLUP } from './leadership.schema';
import {
  REPORT,
  REPORT_ANSWERS,
  REPORT_SUMMARY,
  SCORECARD_ANSWERS,
  SCORECARD_ITEMS,
} from './reports-and-scorecard.schema';
import { arr, int, nullable, obj, ref, str, type Schema } from './schema-kit';

/** Named schemas, shared by several answers. */
const COMPONENTS: Record<string, Schema> = {
  InitiativeStatus: INITIATIVE_STATUS,
  DecisionSummary: DECISION_SUMMARY,
  FundingSummary: FUNDING_SUMMARY,
  RagReason: RAG_REASON,
  Rollup: ROLLUP,
  Alert: ALERT,
  AlertDelivery: DELIVERY,
  AlertSubscription: SUBSCRIPTION,
  Report: REPORT,
};

/** The body of each successful answer: `METHOD path status` -> schema. */
const RESPONSES: Record<string, Schema> = {
  'get /initiatives 200': page(ref('InitiativeStatus')),
  'get /initiatives/{id} 200': ref('InitiativeStatus'),
  'get /initiatives/{id}/indicators/{indicatorId}/measurements 200': page(MEASUREMENT),
  'get /initiatives/{id}/rollup 200': ref('Rollup'),
  'get /portfolio 200': PORTFOLIO,
  'get /initiatives/{id}/deviations 200': DEVIATIONS,
  'get /initiatives/{id}/goals/{goalId}/contributions 200': GOAL_CONTRIBUTIONS,
  'get /audit/initiatives/{id}/history 200': HISTORY,
  'get /audit/decisions 200': page(DECISION_LOG_ENTRY, { total: int }),
  'get /audit/verify 200': VERIFICATION,
  'get /audit/digest 200': DIGEST,
  'get /audit/access-log 200': page(ACCESS_LOG_ENTRY, { verification: ACCESS_LOG_VERIFICATION }),
  'get /follow-ups 200': page(FOLLOW_UP, { total: int }),
  'get /vocabulary 200': VOCABULARY,
  'get /alerts 200': page(ref('Alert')),
  'get /alerts/{id} 200': ALERT_WITH_DELIVERIES,
  'get /alerts/{id}/deliveries 200': obj({ items: arr(ref('AlertDelivery')) }),
  'post /alerts/{id}/acknowledge 200': ACKNOWLEDGED_ALERT,
  'post /alert-subscriptions 201': ref('AlertSubscription'),
  'get /alert-subscriptions 200': obj({ items: arr(ref('AlertSubscription')) }),
  'get /scorecard/items 200': SCORECARD_ITEMS,
  'get /reports 200': page(REPORT_SUMMARY),
  'post /reports 201': ref('Report'),
  'post /reports/{id}/approve 200': ref('Report'),
  'patch /reports/{id} 200': ref('Report'),
  'get /auth/config 200': obj({ issuer: nullable(str), clientId: nullable(str) }),
  'get /health/live 200': obj({ status: { type: 'string', enum: ['ok'] } }),
  'get /health/ready 200': obj({
    status: { type: 'string', enum: ['ok', 'degraded'] },
    checks: obj({
      eventStore: { type: 'string', enum: ['up', 'down'] },
      readModel: { type: 'string', enum: ['up', 'down'] },
      bus: { type: 'string', enum: ['up', 'down'] },
    }),
  }),
};

/** Answers that are not JSON, or not only JSON: `METHOD path status` -> media type -> schema. */
const STREAMS: Record<string, Record<string, Schema>> = {
  'get /scorecard 200': SCORECARD_ANSWERS,
  'get /reports/{id} 200': REPORT_ANSWERS,
  'get /alerts/stream 200': {
    'text/event-stream': {
      type: 'string',
      description: 'Events alert.raised, alert.resolved, alert.repeated, alert.restored; data is an Alert as JSON',
    },
  },
};

/** Write answers carry nothing beyond their fields. */
const CLOSED_DTOS = ['WriteResponseDto', 'CreatedPartResponse'];

/** Puts the body schema on each successful answer listed above, and closes the write answers. */
export function describeResponses(document: OpenAPIObject): void {
  const schemas = document.components!.schemas as Record<string, Schema>;
  Object.assign(schemas, COMPONENTS);
  for (const name of CLOSED_DTOS) if (schemas[name]) schemas[name]['additionalProperties'] = false;
  const bodies = [
    ...Object.entries(RESPONSES).map(([key, schema]) => [key, { 'application/json': schema }] as const),
    ...Object.entries(STREAMS),
  ];
  for (const [key, byMediaType] of bodies) {
    const [method, path, status] = key.split(' ') as [string, string, string];
    const operation = (document.paths[path] as Record<string, { responses: Record<string, Schema> }> | undefined)?.[
      method
    ];
    if (!operation) continue;
    const answer = (operation.responses[status] ??= { description: 'OK' });
    if (!answer['description']) answer['description'] = 'OK';
    answer['content'] = Object.fromEntries(
      Object.entries(byMediaType).map(([mediaType, schema]) => [mediaType, { schema }]),
    );
  }
}
