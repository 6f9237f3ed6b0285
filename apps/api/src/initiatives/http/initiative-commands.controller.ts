import { Body, Controller, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Roles } from '@followup/runtime';
import type { WriteResponse } from '../application/execute-initiative-command';
import { RecordRealisationDto, RegisterBenefitDto } from '../dto/benefit.dto';
import { CorrectCourseDto, RecordDecisionDto } from '../dto/decision.dto';
import { DefineGoalDto, DefineIndicatorDto, RecordMeasurementDto, ReviseGoalDto } from '../dto/goal.dto';
import { ActivateInitiativeDto, CloseInitiativeDto, RegisterInitiativeDto } from '../dto/initiative.dto';
import {
  AchieveMilestoneDto,
  CancelMilestoneDto,
  MissMilestoneDto,
  PlanMilestoneDto,
  RescheduleMilestoneDto,
} from '../dto/milestone.dto';
import { IdParam } from './id-param.pipe';
import { Exchange, InitiativeWrites, Write, type WriteExchange } from './initiative-writes';

/**
 * Caseworker commands of docs/api.md. Each route turns its body into an InitiativeWrite and hands it
 * to InitiativeWrites, which runs it through ExecuteInitiativeCommandHandler (load -> decide ->
 * append) and answers.
 */
@ApiTags('commands')
@ApiBearerAuth()
@Roles('caseworker', 'admin')
@Controller('initiatives')
export class InitiativeCommandsController {
  constructor(private readonly writes: InitiativeWrites) {}

  @Post()
  @Write('Register an initiative (focus area, programme, agreed delivery, project or measure)', 'created')
  register(@Body() body: RegisterInitiativeDto, @Exchange() exchange: WriteExchange): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand(), exchange);
  }

  @Post(':id/activate')
  @Write('Activate a planned initiative', 'updated')
  @ApiBody({ type: ActivateInitiativeDto, required: false })
  activate(
    @IdParam('id') initiativeId: string,
    @Body() body: ActivateInitiativeDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }

  @Post(':id/goals')
  @Write('Define a goal', 'created')
  defineGoal(
    @IdParam('id') initiativeId: string,
    @Body() body: DefineGoalDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }

  @Patch(':id/goals/:goalId')
  @Write('Revise a goal (goal change); reason required', 'updated')
  reviseGoal(
    @IdParam('id') initiativeId: string,
    @IdParam('goalId') goalId: string,
    @Body() body: ReviseGoalDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, goalId }), exchange);
  }

  @Post(':id/goals/:goalId/indicators')
  @Write('Define an indicator with baseline and period targets', 'created')
  defineIndicator(
    @IdParam('id') initiativeId: string,
    @IdParam('goalId') goalId: string,
    @Body() body: DefineIndicatorDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, goalId }), exchange);
  }

  @Post(':id/indicators/:indicatorId/measurements')
  @Write('Record a measurement of an indicator', 'created')
  recordMeasurement(
    @IdParam('id') initiativeId: string,
    @IdParam('indicatorId') indicatorId: string,
    @Body() body: RecordMeasurementDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, indicatorId }), exchange);
  }

  @Post(':id/milestones')
  @Write('Plan a milestone', 'created')
  planMilestone(
    @IdParam('id') initiativeId: string,
    @Body() body: PlanMilestoneDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }

  @Post(':id/milestones/:milestoneId/achieve')
  @Write('Mark a milestone achieved, with its interim evaluation', 'updated')
  achieveMilestone(
    @IdParam('id') initiativeId: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: AchieveMilestoneDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, milestoneId }), exchange);
  }

  @Post(':id/milestones/:milestoneId/reschedule')
  @Write('Reschedule a milestone; reason required', 'updated')
  rescheduleMilestone(
    @IdParam('id') initiativeId: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: RescheduleMilestoneDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, milestoneId }), exchange);
  }

  @Post(':id/milestones/:milestoneId/miss')
  @Write('Record that a milestone was missed', 'updated')
  missMilestone(
    @IdParam('id') initiativeId: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: MissMilestoneDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, milestoneId }), exchange);
  }

  @Post(':id/milestones/:milestoneId/cancel')
  @Write('Cancel a milestone', 'updated')
  cancelMilestone(
    @IdParam('id') initiativeId: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: CancelMilestoneDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, milestoneId }), exchange);
  }

  @Post(':id/decisions')
  @Write('Record a follow-up decision; pause and resume change the status', 'created')
  recordDecision(
    @IdParam('id') initiativeId: string,
    @Body() body: RecordDecisionDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }

  @Post(':id/course-corrections')
  @Write('Correct course: several changes applied atomically under one decision', 'created')
  correctCourse(
    @IdParam('id') initiativeId: string,
    @Body() body: CorrectCourseDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }

  @Post(':id/benefits')
  @Write('Register a benefit or dis-benefit with owner and realisation date', 'created')
  registerBenefit(
    @IdParam('id') initiativeId: string,
    @Body() body: RegisterBenefitDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }

  @Post(':id/benefits/:benefitId/realisations')
  @Write('Record a benefit realisation (also after closure)', 'created')
  recordRealisation(
    @IdParam('id') initiativeId: string,
    @IdParam('benefitId') benefitId: string,
    @Body() body: RecordRealisationDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, benefitId }), exchange);
  }

  @Post(':id/close')
  @Write('Close an initiative with its final evaluation and goal assessments', 'updated')
  close(
    @IdParam('id') initiativeId: string,
    @Body() body: CloseInitiativeDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }
}
