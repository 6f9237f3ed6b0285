import { Body, Controller, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { CourseChange } from '@followup/domain';
import type { AuthenticatedActor } from '@followup/platform';
import { CurrentActor, Roles } from '@followup/runtime';
import {
  AchieveMilestoneDto,
  ActivateInitiativeDto,
  CloseInitiativeDto,
  CorrectCourseDto,
  DefineGoalDto,
  DefineIndicatorDto,
  MilestoneReasonDto,
  PlanMilestoneDto,
  RecordDecisionDto,
  RecordMeasurementDto,
  RecordRealisationDto,
  RegisterBenefitDto,
  RegisterInitiativeDto,
  RescheduleMilestoneDto,
  ReviseGoalDto,
} from '../dto/initiative.dto';
import type { WriteContextDto } from '../dto/write-context.dto';
import { CreatedPartResponse, WriteResponseDto } from '../dto/responses.dto';
import {
  ExecuteInitiativeCommand,
  type UnstampedCommand,
  type WriteOutcome,
} from '../application/execute-initiative-command';
import {
  correlationIdOf,
  decisionContextOf,
  expectedVersionOf,
  fingerprintOf,
  idempotencyKeyOf,
  sendWrite,
} from './write-request';
import { IdParam } from './id-param.pipe';

const writeHeaders = [
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Write only if the initiative is at this version (else 412)',
  }),
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key and body returns the first result',
  }),
];

const WriteDocs = (summary: string, created: boolean): MethodDecorator => {
  const decorators = [
    ApiOperation({ summary }),
    created ? ApiCreatedResponse({ type: CreatedPartResponse }) : ApiOkResponse({ type: WriteResponseDto }),
    ...writeHeaders,
  ];
  return (target, key, descriptor) => {
    decorators.forEach((d) => d(target, key, descriptor));
  };
};

/** Caseworker commands of API.md; each goes through one @nestjs/cqrs command handler. */
@ApiTags('commands')
@ApiBearerAuth()
@Roles('caseworker', 'admin')
@Controller('initiatives')
export class InitiativeCommandsController {
  constructor(private readonly commands: CommandBus) {}

  private async write(
    request: FastifyRequest,
    actor: AuthenticatedActor,
    body: WriteContextDto | undefined,
    command: UnstampedCommand,
    createdPartId?: string,
  ): Promise<WriteOutcome> {
    const idempotencyKey = idempotencyKeyOf(request);
    const expectedVersion = expectedVersionOf(request, body);
    return this.commands.execute(
      new ExecuteInitiativeCommand(command, actor, decisionContextOf(body), {
        fingerprint: fingerprintOf(request),
        correlationId: correlationIdOf(request),
        requestId: String(request.id ?? uuidv7()),
        ...(idempotencyKey ? { idempotencyKey } : {}),
        ...(expectedVersion ? { expectedVersion } : {}),
        ...(createdPartId ? { createdPartId } : {}),
      }),
    );
  }

  @Post()
  @WriteDocs('Register an initiative (focus area, programme, agreed delivery, project or measure)', true)
  async register(
    @Body() body: RegisterInitiativeDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const initiativeId = body.id ?? uuidv7();
    const outcome = await this.write(request, actor, body, {
      type: 'RegisterInitiative',
      data: {
        initiativeId,
        kind: body.kind,
        title: body.title,
        ownerUnit: body.ownerUnit,
        responsible: body.responsible,
        ...(body.parentId !== undefined ? { parentId: body.parentId } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.partners !== undefined ? { partners: body.partners } : {}),
        ...(body.startsAt !== undefined ? { startsAt: body.startsAt } : {}),
        ...(body.endsAt !== undefined ? { endsAt: body.endsAt } : {}),
      },
    });
    return sendWrite(reply, outcome, 201);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @WriteDocs('Activate a planned initiative', false)
  @ApiBody({ type: ActivateInitiativeDto, required: false })
  async activate(
    @IdParam('id') id: string,
    @Body() body: ActivateInitiativeDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.write(request, actor, body, { type: 'ActivateInitiative', data: { initiativeId: id } });
    return sendWrite(reply, outcome, 200);
  }

  @Post(':id/goals')
  @WriteDocs('Define a goal', true)
  async defineGoal(
    @IdParam('id') id: string,
    @Body() body: DefineGoalDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const goalId = uuidv7();
    const outcome = await this.write(
      request,
      actor,
      body,
      {
        type: 'DefineGoal',
        data: { initiativeId: id, goalId, statement: body.statement, resultLevel: body.resultLevel },
      },
      goalId,
    );
    return sendWrite(reply, outcome, 201);
  }

  @Patch(':id/goals/:goalId')
  @WriteDocs('Revise a goal (goal change); reason required', false)
  async reviseGoal(
    @IdParam('id') id: string,
    @IdParam('goalId') goalId: string,
    @Body() body: ReviseGoalDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.write(request, actor, body, {
      type: 'ReviseGoal',
      data: {
        initiativeId: id,
        goalId,
        ...(body.statement !== undefined ? { statement: body.statement } : {}),
        ...(body.resultLevel !== undefined ? { resultLevel: body.resultLevel } : {}),
      },
    });
    return sendWrite(reply, outcome, 200);
  }

  @Post(':id/goals/:goalId/indicators')
  @WriteDocs('Define an indicator with baseline and period targets', true)
  async defineIndicator(
    @IdParam('id') id: string,
    @IdParam('goalId') goalId: string,
    @Body() body: DefineIndicatorDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const indicatorId = uuidv7();
    const outcome = await this.write(
      request,
      actor,
      body,
      {
        type: 'DefineIndicator',
        data: {
          initiativeId: id,
          goalId,
          indicatorId,
          name: body.name,
          unit: body.unit,
          direction: body.direction,
          baseline: { value: body.baseline.value, at: body.baseline.at },
          targets: body.targets.map((t) => ({ value: t.value, at: t.at })),
          ...(body.aggregation !== undefined ? { aggregation: body.aggregation } : {}),
        },
      },
      indicatorId,
    );
    return sendWrite(reply, outcome, 201);
  }

  @Post(':id/indicators/:indicatorId/measurements')
  @WriteDocs('Record a measurement of an indicator', true)
  async recordMeasurement(
    @IdParam('id') id: string,
    @IdParam('indicatorId') indicatorId: string,
    @Body() body: RecordMeasurementDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const measurementId = uuidv7();
    const outcome = await this.write(
      request,
      actor,
      body,
      {
        type: 'RecordMeasurement',
        data: {
          initiativeId: id,
          indicatorId,
          measurementId,
          value: body.value,
          at: body.at,
          ...(body.source !== undefined ? { source: body.source } : {}),
          ...(body.note !== undefined ? { note: body.note } : {}),
        },
      },
      measurementId,
    );
    return sendWrite(reply, outcome, 201);
  }

  @Post(':id/milestones')
  @WriteDocs('Plan a milestone', true)
  async planMilestone(
    @IdParam('id') id: string,
    @Body() body: PlanMilestoneDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const milestoneId = uuidv7();
    const outcome = await this.write(
      request,
      actor,
      body,
      {
        type: 'PlanMilestone',
        data: {
          initiativeId: id,
          milestoneId,
          title: body.title,
          dueAt: body.dueAt,
          ...(body.description !== undefined ? { description: body.description } : {}),
        },
      },
      milestoneId,
    );
    return sendWrite(reply, outcome, 201);
  }

  @Post(':id/milestones/:milestoneId/achieve')
  @HttpCode(200)
  @WriteDocs('Mark a milestone achieved, with its interim evaluation', false)
  async achieveMilestone(
    @IdParam('id') id: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: AchieveMilestoneDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.write(request, actor, body, {
      type: 'AchieveMilestone',
      data: { initiativeId: id, milestoneId, achievedAt: body.achievedAt, evaluation: body.evaluation },
    });
    return sendWrite(reply, outcome, 200);
  }

  @Post(':id/milestones/:milestoneId/reschedule')
  @HttpCode(200)
  @WriteDocs('Reschedule a milestone; reason required', false)
  async rescheduleMilestone(
    @IdParam('id') id: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: RescheduleMilestoneDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.write(request, actor, body, {
      type: 'RescheduleMilestone',
      data: { initiativeId: id, milestoneId, dueAt: body.dueAt },
    });
    return sendWrite(reply, outcome, 200);
  }

  @Post(':id/milestones/:milestoneId/miss')
  @HttpCode(200)
  @WriteDocs('Record that a milestone was missed', false)
  async missMilestone(
    @IdParam('id') id: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: MilestoneReasonDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.write(request, actor, body, {
      type: 'MissMilestone',
      data: { initiativeId: id, milestoneId, reason: body.reason },
    });
    return sendWrite(reply, outcome, 200);
  }

  @Post(':id/milestones/:milestoneId/cancel')
  @HttpCode(200)
  @WriteDocs('Cancel a milestone', false)
  async cancelMilestone(
    @IdParam('id') id: string,
    @IdParam('milestoneId') milestoneId: string,
    @Body() body: MilestoneReasonDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.write(request, actor, body, {
      type: 'CancelMilestone',
      data: { initiativeId: id, milestoneId, reason: body.reason },
    });
    return sendWrite(reply, outcome, 200);
  }

  @Post(':id/decisions')
  @WriteDocs('Record a follow-up decision; pause and resume change the status', true)
  async recordDecision(
    @IdParam('id') id: string,
    @Body() body: RecordDecisionDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const decisionId = uuidv7();
    const outcome = await this.write(
      request,
      actor,
      body,
      {
        type: 'RecordFollowUpDecision',
        data: {
          initiativeId: id,
          decisionId,
          kind: body.kind,
          summary: body.summary,
          rationale: body.rationale,
          decidedBy: body.decidedBy,
          occurredAt: body.occurredAt,
          ...(body.caseRef !== undefined ? { caseRef: body.caseRef } : {}),
          ...(body.followUpBy !== undefined ? { followUpBy: body.followUpBy } : {}),
          ...(body.affects !== undefined ? { affects: body.affects } : {}),
        },
      },
      decisionId,
    );
    return sendWrite(reply, outcome, 201);
  }

  @Post(':id/course-corrections')
  @WriteDocs('Correct course: several changes applied atomically under one decision', true)
  async correctCourse(
    @IdParam('id') id: string,
    @Body() body: CorrectCourseDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const courseCorrectionId = uuidv7();
    const changes: CourseChange[] = body.changes.map((change): CourseChange => {
      switch (change.type) {
        case 'reviseGoal':
          return {
            type: 'reviseGoal',
            goalId: change.goalId!,
            ...(change.statement !== undefined ? { statement: change.statement } : {}),
            ...(change.resultLevel !== undefined ? { resultLevel: change.resultLevel } : {}),
          };
        case 'changeTargets':
          return {
            type: 'changeTargets',
            indicatorId: change.indicatorId!,
            targets: change.targets!.map((t) => ({ value: t.value, at: t.at })),
          };
        case 'rescheduleMilestone':
          return { type: 'rescheduleMilestone', milestoneId: change.milestoneId!, dueAt: change.dueAt! };
        case 'planMilestone':
          return {
            type: 'planMilestone',
            milestoneId: uuidv7(),
            title: change.title!,
            dueAt: change.dueAt!,
            ...(change.description !== undefined ? { description: change.description } : {}),
          };
      }
    });
    const outcome = await this.write(
      request,
      actor,
      body,
      {
        type: 'CorrectCourse',
        data: {
          initiativeId: id,
          courseCorrectionId,
          rationale: body.rationale,
          decidedBy: body.decidedBy,
          changes,
          ...(body.caseRef !== undefined ? { caseRef: body.caseRef } : {}),
          ...(body.occurredAt !== undefined ? { occurredAt: body.occurredAt } : {}),
        },
      },
      courseCorrectionId,
    );
    return sendWrite(reply, outcome, 201);
  }

  @Post(':id/benefits')
  @WriteDocs('Register a benefit or dis-benefit with owner and realisation date', true)
  async registerBenefit(
    @IdParam('id') id: string,
    @Body() body: RegisterBenefitDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const benefitId = uuidv7();
    const outcome = await this.write(
      request,
      actor,
      body,
      {
        type: 'RegisterBenefit',
        data: {
          initiativeId: id,
          benefitId,
          description: body.description,
          owner: body.owner,
          kind: body.kind,
          realisationDue: body.realisationDue,
          ...(body.indicatorId !== undefined ? { indicatorId: body.indicatorId } : {}),
          ...(body.baseline !== undefined ? { baseline: body.baseline } : {}),
          ...(body.target !== undefined ? { target: body.target } : {}),
        },
      },
      benefitId,
    );
    return sendWrite(reply, outcome, 201);
  }

  @Post(':id/benefits/:benefitId/realisations')
  @WriteDocs('Record a benefit realisation (also after closure)', true)
  async recordRealisation(
    @IdParam('id') id: string,
    @IdParam('benefitId') benefitId: string,
    @Body() body: RecordRealisationDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const realisationId = uuidv7();
    const outcome = await this.write(
      request,
      actor,
      body,
      {
        type: 'RecordBenefitRealisation',
        data: {
          initiativeId: id,
          benefitId,
          realisationId,
          value: body.value,
          at: body.at,
          ...(body.note !== undefined ? { note: body.note } : {}),
        },
      },
      realisationId,
    );
    return sendWrite(reply, outcome, 201);
  }

  @Post(':id/close')
  @HttpCode(200)
  @WriteDocs('Close an initiative with its final evaluation and goal assessments', false)
  async close(
    @IdParam('id') id: string,
    @Body() body: CloseInitiativeDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.write(request, actor, body, {
      type: 'CloseInitiative',
      data: {
        initiativeId: id,
        outcome: body.outcome,
        finalEvaluation: body.finalEvaluation,
        goalAssessments: body.goalAssessments.map((a) => ({
          goalId: a.goalId,
          achievement: a.achievement,
          comment: a.comment,
        })),
        ...(body.lessons !== undefined ? { lessons: body.lessons } : {}),
      },
    });
    return sendWrite(reply, outcome, 200);
  }
}
