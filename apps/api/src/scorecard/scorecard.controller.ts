import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SCORECARD_MEASURES } from '@followup/domain';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import {
  READ_MODEL_STORE,
  SCORECARD_TREND_LENGTH,
  collectSubtree,
  figureOf,
  listAllInitiatives,
  parsePeriodLabel,
  periodContaining,
  periodShiftedBy,
  periodsBetween,
  scorecardItems,
  scorecardOf,
  type InitiativeView,
  type ReadModelStore,
  type ScorecardStream,
} from '@followup/read-model';
import { CLOCK, type Clock } from '@followup/platform';
import { ApiError, Roles } from '@followup/runtime';
import { scorecardCsv, scorecardWorkbook, SCORECARD_CSV_TYPE, XLSX_TYPE } from './scorecard-export';
import { ScorecardItemsQuery, ScorecardQuery } from './scorecard.query';

/** At most this many periods in one answer (ten years of tertials). */
const MAX_PERIODS = 30;

/**
 * The county's ability to carry things out (gjennomføringsevne), measured per group and period, each period
 * as the record stood at its end by business time; and the items behind every figure. See docs/scorecard.md.
 */
@ApiTags('leadership')
@ApiBearerAuth()
@Roles('caseworker', 'leader', 'auditor', 'admin')
@Controller('scorecard')
export class ScorecardController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Share measures of the ability to carry things out, per group and period, with a six-period trend',
    description:
      'Measures: ' +
      SCORECARD_MEASURES.join(', ') +
      '. Each period is computed as the record stood at its end ' +
      '(validAt), so it does not move when later periods are recorded. ?format=csv or xlsx gives a file.',
  })
  @ApiProduces('application/json', 'text/csv', XLSX_TYPE)
  @ApiOkResponse({
    description:
      '{ computedAt, groupBy, period, from, to, rootInitiativeId, periods: [label], measures: [code], ' +
      'groups: [{ key, label, periods: [{ period, start, end, measures: { <measure>: { numerator, denominator, ' +
      'value, reasons, medianDaysOverdue?, byUnit? } } }], trend: { <measure>: [{ period, value }] } }], ' +
      'total: { periods, trend } }',
  })
  async scorecard(@Query() query: ScorecardQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const now = this.clock.now();
    const kind = query.period ?? 'tertial';
    const groupBy = query.groupBy ?? 'ownerUnit';
    const to = query.to !== undefined ? new Date(query.to) : now;
    const last = periodContaining(kind, to);
    const trendStart = new Date(periodShiftedBy(last, 1 - SCORECARD_TREND_LENGTH).start);
    const from = query.from !== undefined ? new Date(query.from) : trendStart;
    if (from.getTime() > to.getTime()) throw invalid('to', 'to must not be before from');
    const shown = periodsBetween(kind, from, to);
    if (shown.length > MAX_PERIODS) throw invalid('from', `at most ${MAX_PERIODS} periods at a time`);
    const computed = periodsBetween(kind, new Date(Math.min(from.getTime(), trendStart.getTime())), to);
    const streams = await this.streams(query.rootInitiativeId);
    const card = scorecardOf(scorecardItems(streams, groupBy, computed, now), new Set(shown.map((p) => p.label)));
    const computedAt = now.toISOString();
    const format = query.format ?? 'json';
    if (format !== 'json') {
      const name = `scorecard-${groupBy}-${kind}-${shown[0]!.label}-${last.label}.${format}`;
      void reply.header('Content-Type', format === 'csv' ? SCORECARD_CSV_TYPE : XLSX_TYPE);
      void reply.header('Content-Disposition', `attachment; filename="${name}"`);
      return format === 'csv' ? scorecardCsv(card) : await scorecardWorkbook(card, computedAt);
    }
    return {
      computedAt,
      groupBy,
      period: kind,
      from: shown[0]!.start,
      to: last.end,
      rootInitiativeId: query.rootInitiativeId ?? null,
      periods: shown.map((p) => p.label),
      measures: SCORECARD_MEASURES,
      ...card,
    };
  }

  @Get('items')
  @ApiOperation({
    summary: 'The initiatives, goals, milestones, decisions or benefits behind one figure, for and against',
  })
  @ApiOkResponse({
    description:
      '{ measure, period, start, end, groupBy, group, figure: { numerator, denominator, value, ... }, ' +
      'for: [item], against: [item] }; item: { type, id, initiativeId, initiativeTitle, title, counts, reason, at, ' +
      'group, groupLabel, daysOverdue?, unit?, planned?, realised? }',
  })
  async items(@Query() query: ScorecardItemsQuery) {
    const period = parsePeriodLabel(query.period);
    if (!period) throw invalid('period', 'period must be a year such as 2026 or a tertial such as 2026-T2');
    const groupBy = query.groupBy ?? 'ownerUnit';
    const streams = await this.streams(query.rootInitiativeId);
    const { items, groups } = scorecardItems(streams, groupBy, [period], this.clock.now())[0]!;
    if (query.group !== undefined && !groups.has(query.group)) {
      throw invalid('group', `no ${groupBy} group ${query.group} in ${period.label}`);
    }
    const behind = items.filter(
      (item) => item.measure === query.measure && (query.group === undefined || item.group === query.group),
    );
    return {
      measure: query.measure,
      period: period.label,
      start: period.start,
      end: period.end,
      groupBy,
      group: query.group ?? null,
      figure: figureOf(query.measure, behind),
      for: behind.filter((item) => item.counts === 'for'),
      against: behind.filter((item) => item.counts === 'against'),
    };
  }

  /** Each initiative in scope with its full stream and the focus area above it in the plan as it is now. */
  private async streams(rootInitiativeId: string | undefined): Promise<ScorecardStream[]> {
    const every = await listAllInitiatives(this.views, {});
    const byId = new Map(every.map((view) => [view.id, view]));
    let scope = every;
    if (rootInitiativeId !== undefined) {
      const root = byId.get(rootInitiativeId);
      if (!root) throw invalid('rootInitiativeId', `no initiative ${rootInitiativeId}`);
      scope = await collectSubtree(this.views, root);
    }
    const streams: ScorecardStream[] = [];
    for (const view of scope) {
      const focusArea = focusAreaOf(view, byId);
      streams.push({ events: await this.events.readStream(view.id), focusArea });
    }
    return streams;
  }
}

function focusAreaOf(view: InitiativeView, byId: ReadonlyMap<string, InitiativeView>) {
  const seen = new Set<string>();
  for (let at: InitiativeView | undefined = view; at && !seen.has(at.id); at = byId.get(at.parentId ?? '')) {
    if (at.kind === 'focusArea') return { id: at.id, title: at.title };
    seen.add(at.id);
  }
  return null;
}

function invalid(field: string, message: string): ApiError {
  return new ApiError(400, `Invalid request: ${field}`, { code: 'ValidationFailed', details: [{ field, message }] });
}
