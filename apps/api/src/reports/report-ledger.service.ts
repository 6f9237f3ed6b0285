import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  approveReport,
  foldReport,
  reportStreamId,
  reviseReportCommentary,
  type ReportCompiledData,
  type ReportEvent,
  type ReportState,
} from '@followup/domain';
import { EVENT_STORE, WrongExpectedVersionError, type EventStore, type StoredEvent } from '@followup/event-store';
import {
  collectSubtree,
  compilePeriodReport,
  decisionsOfStream,
  DEFAULT_THRESHOLDS,
  READ_MODEL_STORE,
  type ReadModelStore,
  type StatusThresholds,
} from '@followup/read-model';
import { APP_CONFIG, CLOCK, type AppConfig, type AuthenticatedActor, type Clock } from '@followup/platform';
import { ApiError, currentRequestContext, NotFoundError } from '@followup/runtime';
import type { CompileReportRequest } from './reports.dto';
import { ReportIndex, type ReportSummary } from './report-index';

const SCHEMA_VERSION = 1;
const APPEND_ATTEMPTS = 3;

/** A report as read back: its folded state and the version (events) of its stream. */
export interface StoredReport {
  readonly state: ReportState;
  readonly version: number;
  readonly events: readonly StoredEvent[];
}

/**
 * Period reports in the event store: each report is a stream `report-<id>`, so compilation and approval
 * are hash-chained, verified and exported with every other event.
 */
@Injectable()
export class ReportLedger {
  private readonly thresholds: StatusThresholds;
  private readonly index: ReportIndex;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, onTrack: config.indicatorOnTrack, atRisk: config.indicatorAtRisk };
    this.index = new ReportIndex(events);
  }

  async compile(request: CompileReportRequest, actor: AuthenticatedActor): Promise<StoredReport> {
    const { period, rootInitiativeId } = request;
    checkPeriod(period);
    const root = await this.views.getInitiative(rootInitiativeId);
    if (!root) {
      throw new NotFoundError('InitiativeNotFound', `Initiative ${rootInitiativeId} not found`, [
        { field: 'rootInitiativeId', message: 'no such initiative' },
      ]);
    }
    const subtree = await collectSubtree(this.views, root);
    const commentary = request.commentary ?? {};
    checkCommentaryInSubtree(commentary, new Set(subtree.map((view) => view.id)));
    const decisions = [];
    for (const view of subtree) decisions.push(...decisionsOfStream(await this.events.readStream(view.id)));
    const now = this.clock.now();
    const content = compilePeriodReport({ subtree, decisions, period, now, thresholds: this.thresholds });
    const reportId = uuidv7();
    const data: ReportCompiledData = {
      reportId,
      rootInitiativeId,
      period: { from: period.from, to: period.to, label: period.label },
      commentary,
      compiledAt: now.toISOString(),
      content,
    };
    const reason = `${period.label} report of ${root.title}`;
    await this.append(reportId, { type: 'ReportCompiled', data }, actor, 0, reason);
    return this.get(reportId);
  }

  async get(reportId: string): Promise<StoredReport> {
    const events = await this.events.readStream(reportStreamId(reportId));
    const state = foldReport(events);
    if (!state) throw new NotFoundError('ReportNotFound', `Report ${reportId} not found`);
    return { state, version: events.length, events };
  }

  approve(reportId: string, actor: AuthenticatedActor): Promise<StoredReport> {
    return this.change(reportId, actor, (state) =>
      approveReport(state, reportId, actor.name ?? actor.sub, this.clock.now().toISOString()),
    );
  }

  reviseCommentary(reportId: string, commentary: Record<string, string>, actor: AuthenticatedActor) {
    return this.change(reportId, actor, (state) => {
      const event = reviseReportCommentary(state, reportId, commentary);
      const ids = new Set(
        (state?.compiled.content as { initiatives: { initiativeId: string }[] }).initiatives.map((i) => i.initiativeId),
      );
      checkCommentaryInSubtree(commentary, ids);
      return event;
    });
  }

  list(rootInitiativeId?: string): Promise<ReportSummary[]> {
    return this.index.list(rootInitiativeId);
  }

  /** Decides on the report as stored and appends; decided again when another change got in between. */
  private async change(
    reportId: string,
    actor: AuthenticatedActor,
    decide: (state: ReportState | null) => ReportEvent,
  ): Promise<StoredReport> {
    for (let attempt = 1; ; attempt++) {
      const events = await this.events.readStream(reportStreamId(reportId));
      const event = decide(foldReport(events));
      try {
        await this.append(reportId, event, actor, events.length, null);
        return await this.get(reportId);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= APPEND_ATTEMPTS) throw error;
      }
    }
  }

  private async append(
    reportId: string,
    event: ReportEvent,
    actor: AuthenticatedActor,
    expectedVersion: number,
    reason: string | null,
  ): Promise<void> {
    const context = currentRequestContext();
    await this.events.append(
      reportStreamId(reportId),
      [
        {
          eventId: uuidv7(),
          type: event.type,
          schemaVersion: SCHEMA_VERSION,
          data: event.data,
          occurredAt: this.clock.now().toISOString(),
          actor: { sub: actor.sub, ...(actor.name ? { name: actor.name } : {}), roles: actor.roles },
          correlationId: context?.correlationId ?? uuidv7(),
          causationId: context?.requestId ?? null,
          decisionId: null,
          caseRef: null,
          reason,
        },
      ],
      { expectedVersion, commitId: uuidv7() },
    );
  }
}

function checkPeriod(period: { from: string; to: string }): void {
  if (Date.parse(period.from) < Date.parse(period.to)) return;
  throw new ApiError(400, 'Invalid request: period.from must be before period.to', {
    code: 'ValidationFailed',
    details: [
      { field: 'period.from', message: 'must be before period.to' },
      { field: 'period.to', message: 'must be after period.from' },
    ],
  });
}

function checkCommentaryInSubtree(commentary: Readonly<Record<string, string>>, ids: ReadonlySet<string>): void {
  const outside = Object.keys(commentary).filter((id) => !ids.has(id));
  if (outside.length === 0) return;
  throw new ApiError(422, `Commentary names initiatives outside the report: ${outside.join(', ')}`, {
    code: 'CommentaryOutsideReport',
    details: outside.map((id) => ({ field: `commentary.${id}`, message: 'not an initiative of the report' })),
  });
}
