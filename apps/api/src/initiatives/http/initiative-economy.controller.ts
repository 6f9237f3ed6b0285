import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@followup/runtime';
import type { WriteResponse } from '../application/execute-initiative-command';
import { AssessRiskDto, CloseRiskDto, HandOverBenefitDto, IdentifyRiskDto, RecordFundingDto } from '../dto/economy.dto';
import { IdParam } from './id-param.pipe';
import { Exchange, InitiativeWrites, Write, type WriteExchange } from './initiative-writes';

/** Benefit handover, funding lines and risks: caseworker writes through the same command path as the rest. */
@ApiTags('commands')
@ApiBearerAuth()
@Roles('caseworker', 'admin')
@Controller('initiatives')
export class InitiativeEconomyController {
  constructor(private readonly writes: InitiativeWrites) {}

  @Post(':id/benefits/:benefitId/handover')
  @Write('Hand a benefit over to the line organisation (also after closure)', 'updated')
  handOver(
    @IdParam('id') initiativeId: string,
    @IdParam('benefitId') benefitId: string,
    @Body() body: HandOverBenefitDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, benefitId }), exchange);
  }

  @Post(':id/funding')
  @Write('Record a funding line (planned and/or actual, whole kroner) for a year and source', 'created')
  recordFunding(
    @IdParam('id') initiativeId: string,
    @Body() body: RecordFundingDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }

  @Post(':id/risks')
  @Write('Identify a risk to the preconditions for results', 'created')
  identifyRisk(
    @IdParam('id') initiativeId: string,
    @Body() body: IdentifyRiskDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId }), exchange);
  }

  @Post(':id/risks/:riskId/assess')
  @Write('Assess a risk again (likelihood, impact)', 'updated')
  assessRisk(
    @IdParam('id') initiativeId: string,
    @IdParam('riskId') riskId: string,
    @Body() body: AssessRiskDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, riskId }), exchange);
  }

  @Post(':id/risks/:riskId/close')
  @Write('Close a risk', 'updated')
  closeRisk(
    @IdParam('id') initiativeId: string,
    @IdParam('riskId') riskId: string,
    @Body() body: CloseRiskDto,
    @Exchange() exchange: WriteExchange,
  ): Promise<WriteResponse> {
    return this.writes.execute(body.toCommand({ initiativeId, riskId }), exchange);
  }
}
