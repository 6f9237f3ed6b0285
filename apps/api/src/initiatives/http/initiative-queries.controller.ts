import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { initiativeEventsOnly } from '@followup/domain';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import {
  AsOfSnapshots,
  READ_MODEL_STORE,
  foldBusinessTimeSlice,
  foldInitiativeView,
  eventsInSlice,
  sliceMoment,
  type TimeSlice,
  presentInitiative,
  type InitiativeFilter,
  type InitiativeView,
  type ReadModelStore,
  type StatusThresholds,
  DEFAULT_THRESHOLDS,
} from '@followup/read-model';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@followup/platform';
import { ApiError, NotFoundError, ReadModelWaiter, Roles } from '@followup/runtime';
import { GetInitiativeQuery, ListInitiativesQuery, ListMeasurementsQuery } from '../dto/queries.dto';
import { IdParam } from './id-param.pipe';
import { PresentedViews } from './presented-views';
import { decodeOffset, encodeOffset } from '../../paging/page-query';

const DEFAULT_PAGE = 50;
const DEFAULT_MEASUREMENTS_PAGE = 100;

@ApiTags('queries')
@ApiBearerAuth()
@Roles('caseworker', 'leader', 'auditor', 'admin')
@Controller('initiatives')
export class InitiativeQueriesController {
  private readonly thresholds: StatusThresholds;
  private readonly presented: PresentedViews;

  constructor(
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly waiter: ReadModelWaiter,
    private readonly asOfSnapshots: AsOfSnapshots,
  ) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, onTrack: config.indicatorOnTrack, atRisk: config.indicatorAtRisk };
    this.presented = new PresentedViews(this.thresholds);
  }

  @Get()
  @ApiOperation({ summary: 'List initiatives with current status, filtered and paged' })
  @ApiOkResponse({ description: '{ items, nextCursor? }' })
  async list(@Query() query: ListInitiativesQuery) {
    const limit = query.limit ?? DEFAULT_PAGE;
    const now = this.clock.now();
    const items: ReturnType<typeof presentInitiative>[] = [];
    let afterId = query.cursor ? decodeCursor(query.cursor) : undefined;
    // RAG depends on the clock, so it is filtered here rather than in the store. One matching
    // item beyond the page is looked for, so that `nextCursor` is only given when more follow.
    for (;;) {
      const page = await this.views.listInitiatives(
        {
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.parentId ? { parentId: query.parentId } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...searchFilter(query),
        },
        { limit: limit + 1, ...(afterId ? { afterId } : {}) },
      );
      for (const view of page) {
        const presented = presentInitiative(view, now, this.thresholds);
        if (!query.rag || presented.rag === query.rag) {
          if (items.length === limit) return { items, nextCursor: encodeCursor(items[items.length - 1]!.id) };
          items.push(presented);
        }
        afterId = view.id;
      }
      if (page.length < limit + 1) return { items };
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'Current status of an initiative; asOf for a past moment; minVersion to read your writes' })
  async get(
    @IdParam('id') id: string,
    @Query() query: GetInitiativeQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const now = this.clock.now();
    if (query.asOf || query.validAt) {
      const slice = sliceOf(query);
      const view = await this.inSlice(id, slice);
      void reply.header('ETag', `"${view.version}"`);
      return { ...presentInitiative(view, sliceMoment(slice, now), this.thresholds), ...slice };
    }
    let view: InitiativeView | null;
    if (query.minVersion !== undefined) {
      view = await this.waiter.waitForVersion(id, query.minVersion, this.config.readModelWaitMs);
      if (!view) {
        const current = await this.views.getInitiative(id);
        if (!current && (await this.events.streamVersion(id)) === 0) throw notFound(id);
        throw new ApiError(503, `The read model of ${id} has not reached version ${query.minVersion} yet`, {
          code: 'ReadModelBehind',
          currentVersion: current?.version ?? 0,
          headers: { 'Retry-After': '1' },
        });
      }
    } else {
      view = await this.views.getInitiative(id);
    }
    if (!view) throw notFound(id);
    void reply.header('ETag', `"${view.version}"`);
    // Sent as the JSON text it is, with the content type Fastify gives an object.
    void reply.type('application/json; charset=utf-8');
    return this.presented.json(view, now);
  }

  @Get(':id/indicators/:indicatorId/measurements')
  @ApiOperation({ summary: 'Every measurement of an indicator that counts, newest recorded first, paged' })
  @ApiOkResponse({ description: '{ items, nextCursor? }' })
  async measurements(
    @IdParam('id') id: string,
    @IdParam('indicatorId') indicatorId: string,
    @Query() query: ListMeasurementsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.views.getInitiative(id);
    if (!view) throw notFound(id);
    const indicator = view.goals.flatMap((goal) => goal.indicators).find((i) => i.id === indicatorId);
    if (!indicator) {
      throw new NotFoundError('IndicatorNotFound', `Indicator ${indicatorId} not found in initiative ${id}`, [
        { field: 'indicatorId', message: 'no such indicator in this initiative' },
      ]);
    }
    // Views built before measurements were listed hold only the latest.
    // The initiative's version: pages read at one version fit together.
    void reply.header('ETag', `"${view.version}"`);
    const all = indicator.measurements ?? (indicator.latest ? [indicator.latest] : []);
    const offset = query.cursor ? decodeOffset(query.cursor) : 0;
    const limit = query.limit ?? DEFAULT_MEASUREMENTS_PAGE;
    const end = Math.max(0, all.length - offset);
    const items = all.slice(Math.max(0, end - limit), end).reverse();
    return offset + limit < all.length ? { items, nextCursor: encodeOffset(offset + limit) } : { items };
  }

  /**
   * Replays the events of the stream recorded by `asOf` and valid at `validAt`. System time alone
   * starts from the nearest folded snapshot, so a long history is not replayed per read.
   */
  private async inSlice(id: string, slice: TimeSlice): Promise<InitiativeView> {
    if (slice.asOf !== null && slice.validAt === null) {
      const read = await this.asOfSnapshots.read(id, slice.asOf);
      if (read.kind === 'view') return read.view;
      if (read.kind === 'notFound') throw notFound(id);
      throw new NotFoundError('NotYetRecorded', `Initiative ${id} did not exist yet (recorded by ${slice.asOf})`);
    }
    const events = initiativeEventsOnly(await this.events.readStream(id));
    if (events.length === 0) throw notFound(id);
    const view = foldBusinessTimeSlice(eventsInSlice(events, slice));
    if (!view) {
      const times = [slice.asOf && `recorded by ${slice.asOf}`, slice.validAt && `valid at ${slice.validAt}`];
      const code =
        slice.asOf && !foldInitiativeView(eventsInSlice(events, { ...slice, validAt: null }))
          ? 'NotYetRecorded'
          : 'NotYetValid';
      throw new NotFoundError(code, `Initiative ${id} did not exist yet (${times.filter(Boolean).join(', ')})`);
    }
    return view;
  }
}

/** The times a read was asked about, as instants; null for the one not given. */
export function sliceOf(query: { asOf?: string; validAt?: string }): TimeSlice {
  const instant = (t: string | undefined) => (t ? new Date(Date.parse(t)).toISOString() : null);
  return { asOf: instant(query.asOf), validAt: instant(query.validAt) };
}

/** The search filters that were given (targetGroup, ownerUnit, responsible, partner, q). */
function searchFilter(query: ListInitiativesQuery): InitiativeFilter {
  const { targetGroup, ownerUnit, responsible, partner, q } = query;
  return Object.fromEntries(
    Object.entries({ targetGroup, ownerUnit, responsible, partner, q }).filter(([, value]) => value !== undefined),
  );
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('InitiativeNotFound', `Initiative ${id} not found`);
}

/** The cursor of a list ordered by id is the last id of the page (`CURSORS.id`, checked by the query DTO). */
const encodeCursor = (id: string) => id;
const decodeCursor = (cursor: string) => cursor;
