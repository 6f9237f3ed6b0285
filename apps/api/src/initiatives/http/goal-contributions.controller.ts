import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DEFAULT_THRESHOLDS,
  READ_MODEL_STORE,
  contributionsTo,
  goalProgress,
  goalStatus,
  listAllInitiatives,
  summariseContributions,
  type ReadModelStore,
  type StatusThresholds,
} from '@followup/read-model';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@followup/platform';
import { NotFoundError, Roles } from '@followup/runtime';
import type { WriteResponse } from '../application/execute-initiative-command';
import { LinkContributionDto, RemoveContributionDto } from '../dto/contribution.dto';
import { IdParam } from './id-param.pipe';
import { Exchange, InitiativeWrites, Write, type WriteExchange } from './initiative-writes';

/** Goals linked up the hierarchy: which goal contributes to which, and how the contributors stand. */
@ApiTags('contributions')
@ApiBearerAuth()
@Roles('caseworker', 'leader', 'auditor', 'admin')
@Controller('initiatives')
export class GoalContributionsController {
  private readonly thresholds: StatusThresholds;

  constructor(
    private readonly writes: InitiativeWrites,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, onTrack: config.indicatorOnTrack, atRisk: config.indicatorAtRisk };
  }

  @Post(':id/goals/:goalId/contributions')
  @Roles('caseworker', 'admin')
  @Write('Link the goal to a goal it contributes to (an ancestor, or any initiative not beneath this one)', 'updated')
  link(
    @IdParam('id') initiativeId: string,
    @IdParam('goalId') goalId: string,
    @Body() body: LinkContributionDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, goalId }), exchange);
  }

  @Post(':id/goals/:goalId/contributions/:toGoalId/remove')
  @Roles('caseworker', 'admin')
  @Write('Remove the link from the goal to a goal it contributed to; reason required', 'updated')
  remove(
    @IdParam('id') initiativeId: string,
    @IdParam('goalId') goalId: string,
    @IdParam('toGoalId') toGoalId: string,
    @Body() body: RemoveContributionDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, goalId, toGoalId }), exchange);
  }

  @Get(':id/goals/:goalId/contributions')
  @ApiOperation({ summary: 'The goals contributing to this goal, with their initiative, status and progress' })
  @ApiOkResponse({
    description:
      '{ initiativeId, goalId, statement, status, progress, contributions: [{ initiative: { id, kind, title, status }, ' +
      'goalId, statement, resultLevel, note, status, progress }], summary: { total, byStatus, progress } }',
  })
  async list(@IdParam('id') initiativeId: string, @IdParam('goalId') goalId: string) {
    const now = this.clock.now();
    const view = await this.views.getInitiative(initiativeId);
    if (!view) throw new NotFoundError('InitiativeNotFound', `Initiative ${initiativeId} not found`);
    const goal = view.goals.find((g) => g.id === goalId);
    if (!goal) throw new NotFoundError('GoalNotFound', `Goal ${goalId} does not exist on initiative ${initiativeId}`);
    const all = await listAllInitiatives(this.views, {});
    const contributions = contributionsTo(all, initiativeId, goalId, now, this.thresholds);
    return {
      initiativeId,
      goalId,
      statement: goal.statement,
      status: goalStatus(goal, now, this.thresholds),
      progress: goalProgress(goal),
      contributions,
      summary: summariseContributions(contributions),
    };
  }
}
