import { Body, Controller, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { INITIATIVE_ROLES } from '@followup/domain';
import { ApiError, Roles } from '@followup/runtime';
import type { WriteResponse } from '../application/execute-initiative-command';
import { AssignRoleDto, ChangeDetailsDto, CorrectValueDto, WithdrawValueDto } from '../dto/records.dto';
import { IdParam } from './id-param.pipe';
import { Exchange, InitiativeWrites, Write, type WriteExchange } from './initiative-writes';

/** Corrections of recorded values, changes of details, role assignments (API.md "Corrections, details and roles"). */
@ApiTags('commands')
@ApiBearerAuth()
@Roles('caseworker', 'admin')
@Controller('initiatives')
export class InitiativeRecordsController {
  constructor(private readonly writes: InitiativeWrites) {}

  @Patch(':id')
  @Write('Change title, description, responsible, owner unit, partners or dates; reason required', 'updated')
  changeDetails(
    @IdParam('id') initiativeId: string,
    @Body() body: ChangeDetailsDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }

  @Put(':id/roles/:role')
  @ApiParam({ name: 'role', enum: INITIATIVE_ROLES })
  @Write('Assign a role (projectOwner, projectLeader, steeringGroup, benefitResponsible); reason required', 'updated')
  assignRole(
    @IdParam('id') initiativeId: string,
    @Param('role') role: string,
    @Body() body: AssignRoleDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    if (!(INITIATIVE_ROLES as readonly string[]).includes(role)) {
      const message = `role must be one of ${INITIATIVE_ROLES.join(', ')}`;
      throw new ApiError(400, message, { code: 'ValidationFailed', details: [{ field: 'role', message }] });
    }
    return this.writes.execute(body.toCommand({ initiativeId, role }), exchange);
  }

  @Post(':id/indicators/:indicatorId/measurements/:measurementId/correct')
  @Write('Correct the value of a measurement; reason required', 'updated')
  correctMeasurement(
    @IdParam('id') initiativeId: string,
    @IdParam('indicatorId') indicatorId: string,
    @IdParam('measurementId') measurementId: string,
    @Body() body: CorrectValueDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toMeasurementCommand({ initiativeId, indicatorId, measurementId }), exchange);
  }

  @Post(':id/indicators/:indicatorId/measurements/:measurementId/withdraw')
  @Write('Withdraw a measurement so it no longer counts; reason required', 'updated')
  withdrawMeasurement(
    @IdParam('id') initiativeId: string,
    @IdParam('indicatorId') indicatorId: string,
    @IdParam('measurementId') measurementId: string,
    @Body() body: WithdrawValueDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toMeasurementCommand({ initiativeId, indicatorId, measurementId }), exchange);
  }

  @Post(':id/benefits/:benefitId/realisations/:realisationId/correct')
  @Write('Correct the value of a benefit realisation; reason required', 'updated')
  correctRealisation(
    @IdParam('id') initiativeId: string,
    @IdParam('benefitId') benefitId: string,
    @IdParam('realisationId') realisationId: string,
    @Body() body: CorrectValueDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toRealisationCommand({ initiativeId, benefitId, realisationId }), exchange);
  }

  @Post(':id/benefits/:benefitId/realisations/:realisationId/withdraw')
  @Write('Withdraw a benefit realisation so it no longer counts; reason required', 'updated')
  withdrawRealisation(
    @IdParam('id') initiativeId: string,
    @IdParam('benefitId') benefitId: string,
    @IdParam('realisationId') realisationId: string,
    @Body() body: WithdrawValueDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toRealisationCommand({ initiativeId, benefitId, realisationId }), exchange);
  }
}
