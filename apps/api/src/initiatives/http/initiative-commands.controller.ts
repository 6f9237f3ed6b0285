import { Body, Controller, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Roles } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
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
import { Write } from './write.interceptor';

/**
 * Caseworker commands of docs/api.md. Each route turns its body into an InitiativeWrite; `@Write`
 * runs it through ExecuteInitiativeCommandHandler (load -> decide -> append) and answers.
 */
@ApiTags('commands')
@ApiBearerAuth()
@Roles('caseworker', 'admin')
@Controller('initiatives')
export class InitiativeCommandsController {
  @Post()
  @Write('Register an initiative (focus area, programme, agreed delivery, project or measure)', 'created')
  register(@Body() body: RegisterInitiativeDto): InitiativeWrite {
    return body.toCommand();
  }

  @Post(':id/activate')
  @Write('Activate a planned initiative', 'updated')
  @ApiBody({ type: ActivateInitiativeDto, required: false })
  activate(@IdParam('id') initiativeId: string, @Body() body: ActivateInitiativeDto): InitiativeWrite {
    return body.toCommand({ initiativeId });
  }

  @Post(':id/goals')
  @Write('Define a goal', 'created')
  defineGoal(@IdParam('id') initiativeId: string, @Body() body: DefineGoalDto): InitiativeWrite {
    return body.toCommand({ initiativeId });
  }

  @Patch(':id/goals/:goalId')
  @Write('Revise a goal (goal change); reason required', 'updated')
  reviseGoal(
    @IdParam('id') initiativeId: string,
    @IdParam('goalId') goalId: string,
    @Body() body: ReviseGoalDto,
  ): InitiativeWrite {
    return body.toCommand({ initiativeId, goalId });
  }

  @Post(':id/goals/:goalId/indicators')
  @Write('Define an indicator with baseline and period targets', 'created')
  defineIndicator(
    @IdParam('id') initiativeId: string,
    @IdParam('goalId') goalId: string,
    @Body() body: DefineIndicatorDto,
  ): InitiativeWrite {
    return body.toCommand({ initiativeId, goalId });
  }

  @Post(':id/indicators/:indicatorId/measurements')
  @Write('Record a measurement of an indicator', 'created')
  recordMeasurement(
    @IdParam('id') initiativeId: string,
    @IdParam('indicatorId') indicatorId: string,
    @Body() body: RecordMeasurementDto,
  ): InitiativeWrite {
    return body.toCommand({ initiativeId, indicatorId });
  }

  @Post(':id/milestones')
  @Write('Plan a milestone', 'created')
  planMilestone(@IdParam('id') initiativeId: string, @Body() body: PlanMilestoneDto): InitiativeWrite {
    return body.toCommand({ initiativeId });
  }

  @Post(':id/milestones/:milestoneId/achieve')
  @Write('Mark a milestone achieved, with its interim evaluation', 'updated')
  achieveMilestone(
    @IdParam('id') initiativeId: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: AchieveMilestoneDto,
  ): InitiativeWrite {
    return body.toCommand({ initiativeId, milestoneId });
  }

  @Post(':id/milestones/:milestoneId/reschedule')
  @Write('Reschedule a milestone; reason required', 'updated')
  rescheduleMilestone(
    @IdParam('id') initiativeId: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: RescheduleMilestoneDto,
  ): InitiativeWrite {
    return body.toCommand({ initiativeId, milestoneId });
  }

  @Post(':id/milestones/:milestoneId/miss')
  @Write('Record that a milestone was missed', 'updated')
  missMilestone(
    @IdParam('id') initiativeId: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: MissMilestoneDto,
  ): InitiativeWrite {
    return body.toCommand({ initiativeId, milestoneId });
  }

  @Post(':id/milestones/:milestoneId/cancel')
  @Write('Cancel a milestone', 'updated')
  cancelMilestone(
    @IdParam('id') initiativeId: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: CancelMilestoneDto,
  ): InitiativeWrite {
    return body.toCommand({ initiativeId, milestoneId });
  }

  @Post(':id/decisions')
  @Write('Record a follow-up decision; pause and resume change the status', 'created')
  recordDecision(@IdParam('id') initiativeId: string, @Body() body: RecordDecisionDto): InitiativeWrite {
    return body.toCommand({ initiativeId });
  }

  @Post(':id/course-corrections')
  @Write('Correct course: several changes applied atomically under one decision', 'created')
  correctCourse(@IdParam('id') initiativeId: string, @Body() body: CorrectCourseDto): InitiativeWrite {
    return body.toCommand({ initiativeId });
  }

  @Post(':id/benefits')
  @Write('Register a benefit or dis-benefit with owner and realisation date', 'created')
  registerBenefit(@IdParam('id') initiativeId: string, @Body() body: RegisterBenefitDto): InitiativeWrite {
    return body.toCommand({ initiativeId });
  }

  @Post(':id/benefits/:benefitId/realisations')
  @Write('Record a benefit realisation (also after closure)', 'created')
  recordRealisation(
    @IdParam('id') initiativeId: string,
    @IdParam('benefitId') benefitId: string,
    @Body() body: RecordRealisationDto,
  ): InitiativeWrite {
    return body.toCommand({ initiativeId, benefitId });
  }

  @Post(':id/close')
  @Write('Close an initiative with its final evaluation and goal assessments', 'updated')
  close(@IdParam('id') initiativeId: string, @Body() body: CloseInitiativeDto): InitiativeWrite {
    return body.toCommand({ initiativeId });
  }
}
