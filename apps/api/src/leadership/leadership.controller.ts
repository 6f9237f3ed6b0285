import { Controller, Get, Inject, Query } from '@nestjs/common';
import { initiativeEventsOnly } from '@followup/domain';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import {
  AsOfSnapshots,
  DEFAULT_THRESHOLDS,
  READ_MODEL_STORE,
  collectSubtree,
  deviationsSince,
  sliceMoment,
  type InitiativeView,
  goalContributionRollup,
  listAllInitiatives,
  parseSince,
  portfolioOf,
  rollupSubtree,
  type ReadModelStore,
  type StatusThresholds,
} from '@followup/read-model';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@followup/platform';
import { ApiError, NotFoundError, Roles } from '@followup/runtime';
import { IdParam } from '../initiatives/http/id-param.pipe';
import { sliceOf } from '../initiatives/http/initiative-queries.controller';
import { DeviationsQuery, SliceQuery } from './deviations.query';

/** Leadership views: status rolled up the plan hierarchy, and what changed since a moment or decision. */
@ApiTags('leadership')
@ApiBearerAuth()
@Roles('caseworker', 'leader', 'auditor', 'admin')
@Controller()
export class LeadershipController {
  private readonly thresholds: StatusThresholds;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly asOf: AsOfSnapshots,
  ) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, onTrack: config.indicatorOnTrack, atRisk: config.indicatorAtRisk };
  }

  @Get('initiatives/:id/rollup')
  @ApiOperation({
    summary: 'The initiative and all its descendants aggregated: statuses, RAG, milestones, indicators, benefits',
  })
  @ApiOkResponse({
    description:
      '{ computedAt, root: { id, kind, title, status, rag, subtreeRag }, initiatives, byStatus, byRag, byKind, ' +
      'milestones: { overdue[], dueIn30Days[], planned, achieved, missed, cancelled }, indicators: { total, byStatus }, ' +
      'benefits: { planned, realised, overdue, byKind }, aggregates[], notAggregated[], ' +
      'goals: [{ goalId, statement, resultLevel, status, progress, contributions: { total, byStatus, progress } }] }',
  })
  async rollup(@IdParam('id') id: string, @Query() query: SliceQuery) {
    const now = this.clock.now();
    const root = await this.views.getInitiative(id);
    if (!root) throw notFound(id);
    const subtree = await collectSubtree(this.views, root);
    if (!query.asOf && !query.validAt) {
      const rollup = rollupSubtree(subtree, now, this.thresholds);
      // Goals roll up along contribution links, which may come from anywhere in the plan.
      const everyView = await listAllInitiatives(this.views, {});
      return { ...rollup, goals: goalContributionRollup(root, everyView, now, this.thresholds) };
    }
    // The hierarchy as it is now, each initiative replayed to the slice; those not there yet drop out.
    const slice = sliceOf(query);
    const views: InitiativeView[] = [];
    for (const view of subtree) {
      const then = await this.asOf.inSlice(view.id, slice);
      if (then) views.push(then);
    }
    if (views[0]?.id !== id) throw new NotFoundError('NotYetValid', `Initiative ${id} did not exist yet`);
    return { ...rollupSubtree(views, sliceMoment(slice, now), this.thresholds), ...slice };
  }

  @Get('portfolio')
  @ApiOperation({ summary: 'A rollup of every focus area, and the same counts over the whole portfolio' })
  @ApiOkResponse({
    description:
      '{ computedAt, focusAreas: [rollup with goals], totals: { focusAreas, initiatives, subtreeRag, byStatus, ... } }',
  })
  async portfolio() {
    const now = this.clock.now();
    const subtrees = [];
    const focusAreas = await listAllInitiatives(this.views, { kind: 'focusArea' });
    for (const focusArea of focusAreas) {
      subtrees.push(await collectSubtree(this.views, focusArea));
    }
    const portfolio = portfolioOf(subtrees, now, this.thresholds);
    // Each focus area's rollup is the document GET /initiatives/{id}/rollup gives, goals included.
    const everyView = await listAllInitiatives(this.views, {});
    const goalsOf = (i: number) => goalContributionRollup(focusAreas[i]!, everyView, now, this.thresholds);
    return { ...portfolio, focusAreas: portfolio.focusAreas.map((rollup, i) => ({ ...rollup, goals: goalsOf(i) })) };
  }

  @Get('initiatives/:id/deviations')
  @ApiOperation({ summary: 'What changed in goals, indicator targets and milestones since a time or a decision' })
  @ApiOkResponse({
    description:
      '{ initiativeId, since: { input, kind, at, version, decision }, current: { version, updatedAt }, existedAtSince, changeCount, ' +
      'goals: { added, revised }, indicators: { added, targetsChanged }, milestones: { added, rescheduled, achieved, missed, cancelled }, decisions }',
  })
  async deviations(@IdParam('id') id: string, @Query() query: DeviationsQuery) {
    const parsed = parseSince(query.since);
    if (!parsed.ok) {
      throw new ApiError(400, `Invalid request: since ${parsed.message}`, {
        code: 'ValidationFailed',
        details: [{ field: 'since', message: parsed.message }],
      });
    }
    // The record of truth, replayed: the same stream gives both the state at `since` and now.
    const result = deviationsSince(initiativeEventsOnly(await this.events.readStream(id)), parsed.since);
    if (result.ok) return result.deviations;
    if (result.problem === 'noStream') throw notFound(id);
    throw new NotFoundError(
      'DecisionNotFound',
      `Initiative ${id} has no follow-up decision or course correction ${parsed.since.input}`,
    );
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('InitiativeNotFound', `Initiative ${id} not found`);
}
